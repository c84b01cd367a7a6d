// Connectors: a tenant's downstream SaaS organizations, their sealed configuration, scope and
// state, and the sync engine's per-object state (syncState). No express, no BullMQ: the engine
// (workers/sync) and the edges (src/authz, src/cli) both call these services.
export * from './types.js';
export {
  addConnector,
  findConnectorById,
  getConnector,
  listConnectors,
  removeConnector,
  viewConnector,
  type AddConnectorInput,
  type ConnectorDeps,
  type ConnectorView,
} from './connectors.js';
export { connectorAad, openConfig, maskedConfig } from './connector-secrets.js';
export {
  pauseConnector,
  resumeConnector,
  quarantineConnector,
  quarantineIntervalMs,
  countFailure,
  clearFailures,
} from './connector-state.js';
export { approveDeletes, exceedsGuard, holdDeletions, releaseHeldDeletion } from './deletions.js';
export { groupInScope, userInScope } from './scope.js';
export {
  forgetSyncState,
  listSyncState,
  readSyncState,
  saveFullSyncSummary,
  syncCounts,
  syncStateId,
  writeSyncState,
  type SyncCounts,
} from './sync-state.js';
export { recordConnector, SYSTEM_ACTOR } from './record.js';
export { retryDeadLetters, type ReplayDeadLetters } from './dead-letters.js';
