import type { AuditEventDoc } from '../audit/index.js';
import { listConnectors, syncCounts, type ConnectorDoc, type FullSyncSummary } from '../connectors/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { TargetStatus, TargetStatusSource } from './tenant-status.js';

// The connector half of the console's per-target rows: the connector's state and guard from its
// document, what is provisioned downstream from syncState (tenant_connector_status index),
// failures of the last hour from the `connector.sync_failed` audit records (tenant_target_seq),
// and the queue figures (pending, oldest pending, dead letters), which live in BullMQ: the edge
// that can read the queue passes them in (src/ops/sync-queue-figures.ts).

const HOUR_MS = 3_600_000;

/** One connector's jobs in the sync queue. */
export interface ConnectorQueueFigures {
  /** Waiting, delayed (backoff, debounce) or running. */
  pending: number;
  /** Enqueue time (ms) of the oldest pending job. */
  oldestPendingAt?: number;
  /** Jobs in BullMQ's failed set: failed for good, kept for retry. */
  deadLetters: number;
}

/** Figures by connector id; a connector without jobs is absent. */
export type SyncQueueReader = () => Promise<Map<string, ConnectorQueueFigures>>;

export interface ConnectorSync {
  /** Users and groups in Roster (the tenant's, before the connector's scope) and provisioned downstream. */
  users: { roster: number; downstream: number };
  groups: { roster: number; downstream: number };
  /** Objects whose last attempt failed (their syncState says so). */
  failedObjects: number;
  /** When the last `connector.sync_failed` was recorded (`lastError` of the row is its message). */
  lastErrorAt?: string;
  heldDeletes: number;
  heldSince?: string;
  nextAttemptAt?: string;
  lastFullSync?: FullSyncSummary;
}

export const lagSecondsOf = (figures: ConnectorQueueFigures | undefined, now: number) =>
  figures?.oldestPendingAt ? Math.max(0, Math.round((now - figures.oldestPendingAt) / 1000)) : 0;

/**
 * Users downstream count the deactivated ones too (deprovision mode `deactivate` keeps them
 * there, as Roster keeps its deactivated users), so a connector in sync reads the same on both sides.
 */
async function downstream(deps: Pick<DomainDeps, 'store'>, doc: ConnectorDoc) {
  const states = deps.store.collection('syncState');
  const count = (kind: string, status: string) =>
    states.countDocuments({ tenantId: doc.tenantId, connectorId: doc._id, status, kind });
  const [users, deactivated, groups, counts] = await Promise.all([
    count('user', 'provisioned'),
    count('user', 'deprovisioned'),
    count('group', 'provisioned'),
    syncCounts(deps.store, doc.tenantId, doc._id),
  ]);
  return { users: users + deactivated, groups, failed: counts.failed };
}

async function failures(deps: Pick<DomainDeps, 'store'>, doc: ConnectorDoc, now: number) {
  const audit = deps.store.collection<AuditEventDoc>('auditEvents');
  const filter = { tenantId: doc.tenantId, 'target.id': doc._id, action: 'connector.sync_failed' };
  const [lastHour, last] = await Promise.all([
    audit.countDocuments({ ...filter, time: { $gte: new Date(now - HOUR_MS).toISOString() } }),
    audit.findOne(filter, { sort: { seq: -1 } }),
  ]);
  const error = (last?.details as { error?: string } | undefined)?.error;
  return { lastHour, lastError: error, lastErrorAt: error ? last?.time : undefined };
}

async function connectorRow(
  deps: Pick<DomainDeps, 'store'>,
  doc: ConnectorDoc,
  roster: { users: number; groups: number },
  figures: ConnectorQueueFigures | undefined,
  now: number,
): Promise<TargetStatus> {
  const [down, failed] = await Promise.all([downstream(deps, doc), failures(deps, doc, now)]);
  const sync: ConnectorSync = {
    users: { roster: roster.users, downstream: down.users },
    groups: { roster: roster.groups, downstream: down.groups },
    failedObjects: down.failed,
    ...(failed.lastErrorAt ? { lastErrorAt: failed.lastErrorAt } : {}),
    heldDeletes: doc.heldDeletions?.userIds.length ?? 0,
    ...(doc.heldDeletions ? { heldSince: doc.heldDeletions.since } : {}),
    ...(doc.state.nextAttemptAt ? { nextAttemptAt: doc.state.nextAttemptAt } : {}),
    ...(doc.lastFullSync ? { lastFullSync: doc.lastFullSync } : {}),
  };
  return {
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    state: doc.state.status,
    ...(doc.state.reason && doc.state.status !== 'active' ? { reason: doc.state.reason } : {}),
    ...(failed.lastError ? { lastError: failed.lastError } : {}),
    ...(doc.lastFullSync?.finishedAt ? { lastSuccessAt: doc.lastFullSync.finishedAt } : {}),
    pending: figures?.pending ?? 0,
    lagSeconds: lagSecondsOf(figures, now),
    failedLastHour: failed.lastHour,
    deadLetters: figures?.deadLetters ?? 0,
    sync,
  };
}

/** The console's connector rows of one tenant; the queue read is shared by the tenants of one page. */
export function connectorTargets(
  deps: Pick<DomainDeps, 'store' | 'now'>,
  readQueue: SyncQueueReader,
): TargetStatusSource['connectors'] {
  let reading: Promise<Map<string, ConnectorQueueFigures>> | undefined;
  // A page asks for every tenant at once: the tenants asking while a read is under way share it.
  const figures = () =>
    (reading ??= readQueue().finally(() => {
      reading = undefined;
    }));
  return async (tenantId) => {
    const now = (deps.now ? deps.now() : new Date()).getTime();
    const docs = await listConnectors(deps, tenantId);
    if (docs.length === 0) return [];
    const [byConnector, users, groups] = await Promise.all([
      figures(),
      deps.store.collection('users').countDocuments({ tenantId }),
      deps.store.collection('groups').countDocuments({ tenantId }),
    ]);
    return Promise.all(docs.map((doc) => connectorRow(deps, doc, { users, groups }, byConnector.get(doc._id), now)));
  };
}
