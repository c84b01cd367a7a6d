import type { Job } from 'bullmq';
import {
  countFailure,
  quarantineConnector,
  readSyncState,
  recordConnector,
  syncStateId,
  SYSTEM_ACTOR,
  writeSyncState,
  type ConnectorDoc,
} from '../../src/connectors/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import type { ConnectorError } from './connectors/index.js';
import type { SyncDeps } from './engine-deps.js';

// What a failed job leaves behind: the error in the object's syncState, and when it is final
// (permanent, refused credentials, or transient retries used up) the `connector.sync_failed`
// audit event, the failure count that quarantines a connector whose calls keep failing, and the
// job itself in BullMQ's failed set (the dead letters `roster sync retry-failed` replays).

export async function noteError(deps: SyncDeps, job: Job<SyncJob>, err: Error & Partial<ConnectorError>) {
  const { tenantId, connectorId, kind, objectId } = job.data;
  const store = deps.domain.store;
  const current = await readSyncState(store, tenantId, connectorId, kind, objectId);
  await writeSyncState(store, {
    ...(current ?? { _id: syncStateId(connectorId, kind, objectId), tenantId, connectorId, kind, objectId }),
    status: current?.status === 'provisioned' || current?.status === 'deprovisioned' ? current.status : 'failed',
    lastError: {
      class: err.class ?? 'internal',
      message: err.message.slice(0, 300),
      at: new Date().toISOString(),
      ...(err.status ? { status: err.status } : {}),
    },
    attempts: (current?.attempts ?? 0) + 1,
    updatedAt: new Date().toISOString(),
  });
}

export async function deadLetter(
  deps: SyncDeps,
  doc: ConnectorDoc,
  job: Job<SyncJob>,
  err: Error & Partial<ConnectorError>,
): Promise<void> {
  const { kind, objectId } = job.data;
  await deps.domain.store.withTransaction((tx) =>
    recordConnector(
      deps.domain,
      tx,
      doc,
      'connector.sync_failed',
      SYSTEM_ACTOR,
      { object: kind, objectId, class: err.class ?? 'internal', error: err.message.slice(0, 300), jobId: job.id },
      'failure',
    ),
  );
  const failures = await countFailure(deps.domain, doc);
  if (err.class === 'auth') return quarantine(deps, doc, `the target refused the credentials: ${err.message}`);
  if (failures >= deps.settings.quarantineAfter)
    await quarantine(deps, doc, `${failures} sync jobs in a row failed; last: ${err.message}`);
}

async function quarantine(deps: SyncDeps, doc: ConnectorDoc, reason: string): Promise<void> {
  if (doc.state.status === 'quarantined') return;
  await quarantineConnector(deps.domain, doc, { reason: reason.slice(0, 300), baseMs: deps.settings.quarantineBaseMs });
  deps.logger.warn({ connectorId: doc._id, tenantId: doc.tenantId, reason }, 'connector quarantined');
}
