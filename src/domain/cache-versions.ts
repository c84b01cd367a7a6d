import type { BaseDoc, Db } from '../store/index.js';

// Per-tenant counters that let every process keep derived data in memory (verified credentials,
// compiled policies) and still see a change on its very next request: a write bumps its counter
// inside the transaction that makes the change, a reader compares the counter it cached against
// the stored one (one primary-key read). Counters live in the store, not in process memory, so
// two API processes on one store agree (docs/architecture.md, Processes: stateless apart from the store).

export type CacheScope = 'credentials' | 'policy';

interface CacheVersionDoc extends BaseDoc {
  tenantId: string;
  credentials?: number;
  policy?: number;
}

/** The tenant's current counter for `scope`; 0 before its first change. */
export async function readCacheVersion(db: Db, tenantId: string, scope: CacheScope): Promise<number> {
  // `_id` alone is the primary key: the cheapest read either engine has.
  const doc = await db.collection<CacheVersionDoc>('cacheVersions').findOne({ _id: tenantId });
  return doc?.[scope] ?? 0;
}

/** Call inside the transaction that changes what `scope` covers. */
export async function bumpCacheVersion(tx: Db, tenantId: string, scope: CacheScope): Promise<void> {
  await tx
    .collection<CacheVersionDoc>('cacheVersions')
    .updateOne({ _id: tenantId }, { $inc: { [scope]: 1 }, $set: { tenantId } }, { upsert: true });
}
