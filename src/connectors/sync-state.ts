import type { DomainDeps } from '../domain/index.js';
import type { Db } from '../store/index.js';
import type { ConnectorDoc, FullSyncSummary, SyncObjectKind, SyncStateDoc } from './types.js';

// syncState: one document per connector × object, the engine's last known remote state. Its id
// is derived, so an upsert by two workers can never create two documents for one object.

export const syncStateId = (connectorId: string, kind: SyncObjectKind, objectId: string) =>
  `${connectorId}|${kind}|${objectId}`;

export function readSyncState(
  db: Db,
  tenantId: string,
  connectorId: string,
  kind: SyncObjectKind,
  objectId: string,
): Promise<SyncStateDoc | null> {
  return db.collection<SyncStateDoc>('syncState').findOne({ tenantId, _id: syncStateId(connectorId, kind, objectId) });
}

export async function writeSyncState(db: Db, doc: SyncStateDoc): Promise<void> {
  await db.collection<SyncStateDoc>('syncState').replaceOne({ _id: doc._id, tenantId: doc.tenantId }, doc, {
    upsert: true,
  });
}

export async function forgetSyncState(db: Db, doc: Pick<SyncStateDoc, '_id' | 'tenantId'>): Promise<void> {
  await db.collection('syncState').deleteOne({ _id: doc._id, tenantId: doc.tenantId });
}

export function listSyncState(
  db: Db,
  tenantId: string,
  connectorId: string,
  kind?: SyncObjectKind,
): Promise<SyncStateDoc[]> {
  return db.collection<SyncStateDoc>('syncState').find({ tenantId, connectorId, ...(kind ? { kind } : {}) });
}

export interface SyncCounts {
  provisioned: number;
  deprovisioned: number;
  failed: number;
  held: number;
}

/** Per-connector counts for `roster sync status` and the ops console. */
export async function syncCounts(db: Db, tenantId: string, connectorId: string): Promise<SyncCounts> {
  const states = db.collection('syncState');
  const count = (status: string) => states.countDocuments({ tenantId, connectorId, status });
  const [provisioned, deprovisioned, failed, held] = await Promise.all(
    ['provisioned', 'deprovisioned', 'failed', 'held'].map(count),
  );
  return { provisioned, deprovisioned, failed, held };
}

export async function saveFullSyncSummary(
  deps: Pick<DomainDeps, 'store'>,
  doc: Pick<ConnectorDoc, '_id' | 'tenantId'>,
  summary: FullSyncSummary,
): Promise<void> {
  await deps.store
    .collection<ConnectorDoc>('connectors')
    .updateOne({ tenantId: doc.tenantId, _id: doc._id }, { $set: { lastFullSync: summary } });
}
