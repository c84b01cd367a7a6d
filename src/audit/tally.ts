import { createHash } from 'node:crypto';
import type { BulkOperation, Db } from '../store/index.js';
import { redactSecrets } from './redaction.js';
import type { AuditEventDoc, AuditInput } from './types.js';

// Bounded audit of repeated decisions (design 000 "audit failed access attempt", design 001 access
// audit log): identical records of one minute share one document whose `count` grows, so a client
// looping on a denied request adds one row a minute instead of one per request. The id is a hash
// of what makes records identical, so every process (and both store engines) lands on the same row.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** An aggregated audit record: the first occurrence's fields, how many there were, and when the last one was. */
export interface TalliedAuditDoc extends AuditEventDoc {
  /** The UTC minute this row counts (ISO-8601, seconds zero). */
  window: string;
  count: number;
  lastAt: string;
}

/** An audit record to count, `count` times (default once). */
export type TallyInput = AuditInput & { count?: number };

export function minuteOf(time: Date): string {
  return new Date(Math.floor(time.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();
}

/** tenant × action × actor × subject × permission × resource × source × minute. */
export function tallyId(tenantId: string, entry: AuditInput, window: string): string {
  const details = entry.details ?? {};
  const parts = [
    tenantId,
    entry.action,
    entry.outcome,
    entry.actor.type,
    entry.actor.id,
    details.subject ?? null,
    details.permission ?? null,
    entry.target?.type ?? null,
    entry.target?.id ?? null,
    entry.sourceIp ?? null,
    window,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

/** One upsert per distinct record of this call ($inc by how many times it occurred). */
export function tallyOperations(
  tenantId: string,
  entries: TallyInput[],
  time: Date,
  retentionDays: number,
): BulkOperation<TalliedAuditDoc>[] {
  const window = minuteOf(time);
  const groups = new Map<string, { entry: AuditInput; n: number }>();
  for (const { count = 1, ...entry } of entries) {
    const id = tallyId(tenantId, entry, window);
    const hit = groups.get(id);
    if (hit) hit.n += count;
    else groups.set(id, { entry, n: count });
  }
  const at = time.toISOString();
  return [...groups].map(([id, { entry, n }]) => {
    const first: Record<string, unknown> = {
      tenantId,
      time: at,
      window,
      actor: entry.actor,
      actorId: entry.actor.id,
      action: entry.action,
      outcome: entry.outcome,
      expiresAt: new Date(time.getTime() + retentionDays * DAY_MS),
    };
    if (entry.target) first.target = entry.target;
    if (entry.reason) first.reason = entry.reason;
    if (entry.sourceIp) first.sourceIp = entry.sourceIp;
    if (entry.requestId) first.requestId = entry.requestId;
    if (entry.details) first.details = redactSecrets(entry.details);
    return {
      updateOne: {
        filter: { _id: id },
        update: { $setOnInsert: first, $inc: { count: n }, $set: { lastAt: at } },
        upsert: true,
      },
    };
  });
}

/** Writes the tally; a lost race between two first inserts of one row (mongo) is retried once as an update. */
export async function writeTally(db: Db, operations: BulkOperation<TalliedAuditDoc>[]): Promise<void> {
  if (operations.length === 0) return;
  const events = db.collection<TalliedAuditDoc>('auditEvents');
  try {
    await events.bulkWrite(operations);
  } catch (err) {
    if ((err as { code?: string }).code !== 'store_unique_violation') throw err;
    await events.bulkWrite(operations);
  }
}
