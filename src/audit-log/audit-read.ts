import type { AuditEventDoc } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import { type AuditQuery, auditFilter } from './audit-query.js';
import { encodeCursor } from './cursor.js';

// Reading the audit trail: one page for the API, or every match in keyset batches for the export
// and the reports, so no caller ever holds the whole result.

/** An audit record as the API shows it: the store's own bookkeeping (actorId) left out. */
export interface AuditRecordView {
  id: string;
  seq: number;
  time: string;
  action: string;
  outcome: string;
  actor: AuditEventDoc['actor'];
  target?: AuditEventDoc['target'];
  reason?: string;
  sourceIp?: string;
  requestId?: string;
  details?: Record<string, unknown>;
  expiresAt: string;
}

export function toView(doc: AuditEventDoc): AuditRecordView {
  const { _id, tenantId: _tenant, actorId: _actorId, expiresAt, seq, time, action, outcome, actor, ...rest } = doc;
  return { id: _id, seq, time, action, outcome, actor, ...rest, expiresAt: new Date(expiresAt).toISOString() };
}

export interface AuditPage {
  data: AuditRecordView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

async function fetchBatch(deps: DomainDeps, tenantId: string, query: AuditQuery, after: number | undefined) {
  return deps.store.collection<AuditEventDoc>('auditEvents').find(auditFilter(tenantId, query, after), {
    sort: { seq: query.order === 'desc' ? -1 : 1 },
    limit: query.limit,
  });
}

export async function listAudit(deps: DomainDeps, tenantId: string, query: AuditQuery): Promise<AuditPage> {
  // One more than a page tells whether another page exists without a second query.
  const docs = await fetchBatch(deps, tenantId, { ...query, limit: query.limit + 1 }, query.afterSeq);
  const page = docs.slice(0, query.limit);
  const last = page.at(-1);
  const more = docs.length > query.limit && last !== undefined;
  return { data: page.map(toView), nextCursor: more ? encodeCursor({ seq: last.seq, order: query.order }) : null };
}

/** Every match in order, read `batchSize` at a time; the consumer's pace sets the reading pace. */
export async function* iterateAudit(
  deps: DomainDeps,
  tenantId: string,
  query: AuditQuery,
  batchSize = 500,
): AsyncGenerator<AuditEventDoc> {
  let after = query.afterSeq;
  for (;;) {
    const batch = await fetchBatch(deps, tenantId, { ...query, limit: batchSize }, after);
    yield* batch;
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1].seq;
  }
}
