import type { Actor } from '../audit/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { getConnector } from './connectors.js';
import { recordConnector, SYSTEM_ACTOR } from './record.js';
import type { ConnectorDoc, DeleteGuard } from './types.js';

// The accidental-deletion guard (Entra's "accidental deletions threshold"): when a run would
// deprovision more users than the connector's guard allows, those deprovisions are held on the
// connector and nothing is removed until an operator approves them.

/** True when deprovisioning `count` of `provisioned` users is more than the guard allows. */
export function exceedsGuard(guard: DeleteGuard, count: number, provisioned: number): boolean {
  if (count > guard.maxCount) return true;
  return count >= guard.minCount && provisioned > 0 && (count * 100) / provisioned > guard.maxPercent;
}

export async function holdDeletions(
  deps: DomainDeps,
  doc: ConnectorDoc,
  userIds: string[],
  reason: string,
): Promise<void> {
  if (userIds.length === 0) return;
  const first = !doc.heldDeletions;
  const time = nowIso(deps);
  await deps.store.withTransaction(async (tx) => {
    await tx.collection<ConnectorDoc>('connectors').updateOne(
      { tenantId: doc.tenantId, _id: doc._id },
      {
        $addToSet: { 'heldDeletions.userIds': { $each: userIds } },
        $set: { 'heldDeletions.reason': reason, updatedAt: time, ...(first ? { 'heldDeletions.since': time } : {}) },
      },
    );
    await recordConnector(deps, tx, doc, 'connector.deletes_held', SYSTEM_ACTOR, { count: userIds.length, reason });
  });
}

/** Releases the held deprovisions; the engine answers `connector.deletes_approved` by applying them. */
export async function approveDeletes(
  deps: DomainDeps,
  tenantId: string,
  idOrName: string,
  actor: Actor,
): Promise<{ connector: ConnectorDoc; userIds: string[] }> {
  const doc = await getConnector(deps, tenantId, idOrName);
  const userIds = doc.heldDeletions?.userIds ?? [];
  if (userIds.length === 0)
    throw new RosterError('connector_nothing_held', `connector "${doc.name}" holds no deletions`);
  await deps.store.withTransaction(async (tx) => {
    await tx
      .collection<ConnectorDoc>('connectors')
      .updateOne({ tenantId, _id: doc._id }, { $unset: { heldDeletions: '' }, $set: { updatedAt: nowIso(deps) } });
    await recordConnector(deps, tx, doc, 'connector.deletes_approved', actor, { count: userIds.length, userIds });
  });
  return { connector: doc, userIds };
}

/**
 * A deprovision that has been applied is no longer held. A live job queued before an approval can
 * still reach the guard after it and hold the user again; the approved job that then applies it
 * takes the user off the list here, so nothing stays held for a user who is already gone.
 */
export async function releaseHeldDeletion(db: Db, doc: ConnectorDoc, userId: string): Promise<void> {
  const connectors = db.collection<ConnectorDoc>('connectors');
  const listed = { tenantId: doc.tenantId, _id: doc._id, 'heldDeletions.userIds': userId };
  const pulled = await connectors.updateOne(listed, { $pull: { 'heldDeletions.userIds': userId } });
  if (pulled.matchedCount === 0) return;
  await connectors.updateOne(
    { tenantId: doc.tenantId, _id: doc._id, 'heldDeletions.userIds': { $size: 0 } },
    { $unset: { heldDeletions: '' } },
  );
}
