// Per-stream figures for /metrics and the ops page, computed from the store, so whichever process
// ships (`roster worker`, or the workers inside `roster serve`) every process reports the same.
import type { AuditEventDoc } from '../audit/index.js';
import type { Store } from '../store/index.js';
import { streams } from './stream-records.js';
import type { SiemStreamDoc } from './types.js';

export interface StreamMetrics {
  tenantId: string;
  id: string;
  name: string;
  kind: string;
  state: SiemStreamDoc['state'];
  cursor: number;
  shipped: number;
  failed: number;
  /** Seconds since the oldest record the stream has not delivered committed; 0 when caught up. */
  lagSeconds: number;
}

export async function streamLagSeconds(store: Store, doc: SiemStreamDoc, now: Date): Promise<number> {
  const oldest = await store
    .collection<AuditEventDoc>('auditEvents')
    .findOne({ tenantId: doc.tenantId, seq: { $gt: doc.cursor } }, { sort: { seq: 1 } });
  return oldest ? Math.max(0, (now.getTime() - Date.parse(oldest.time)) / 1000) : 0;
}

export async function metricsOf(store: Store, doc: SiemStreamDoc, now: Date): Promise<StreamMetrics> {
  return {
    tenantId: doc.tenantId,
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    state: doc.state,
    cursor: doc.cursor,
    shipped: doc.counters.shipped,
    failed: doc.counters.failed,
    lagSeconds: await streamLagSeconds(store, doc, now),
  };
}

/** Every stream of every tenant (or of one tenant). */
export async function siemStreamMetrics(store: Store, tenantId?: string, now = new Date()): Promise<StreamMetrics[]> {
  const docs = await streams(store).find(tenantId ? { tenantId } : {});
  return Promise.all(docs.map((doc) => metricsOf(store, doc, now)));
}
