import type { DomainDeps } from '../domain/index.js';
import { currentSequence, listStreams, streamLagSeconds, type SiemStreamDoc } from '../siem-streams/index.js';
import type { TargetStatus, TargetStatusSource } from './tenant-status.js';

// The SIEM half of the console's per-target rows, read from the store like src/ops/siem-metrics.ts.
// Pending is an upper bound: the tenant's latest commit sequence minus the stream's cursor
// (records a category filter leaves out are counted too), so no backlog is ever scanned.

async function streamRow(deps: Pick<DomainDeps, 'store'>, doc: SiemStreamDoc, latest: number, now: Date) {
  const lag = await streamLagSeconds(deps.store, doc, now);
  const row: TargetStatus = {
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    state: doc.state,
    ...(doc.stateReason ? { reason: doc.stateReason } : {}),
    ...(doc.counters.lastError ? { lastError: doc.counters.lastError } : {}),
    ...(doc.counters.lastDeliveredAt ? { lastSuccessAt: doc.counters.lastDeliveredAt } : {}),
    pending: Math.max(0, latest - doc.cursor),
    lagSeconds: Math.round(lag),
    extra: {
      shipped: doc.counters.shipped,
      failed: doc.counters.failed,
      consecutiveFailures: doc.counters.consecutiveFailures,
    },
  };
  return row;
}

export function siemStreamTargets(deps: Pick<DomainDeps, 'store' | 'now'>): TargetStatusSource['streams'] {
  return async (tenantId) => {
    const now = deps.now ? deps.now() : new Date();
    const [docs, latest] = await Promise.all([listStreams(deps, tenantId), currentSequence(deps.store, tenantId)]);
    return Promise.all(docs.map((doc) => streamRow(deps, doc, latest, now)));
  };
}
