import type { Actor } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import { recordConnector } from './record.js';
import type { ConnectorDoc } from './types.js';

/**
 * The engine's replay of one connector's dead-lettered sync jobs (workers/sync/replay.ts): how many it queued
 * again.
 */
export type ReplayDeadLetters = (tenantId: string, connectorId: string) => Promise<number>;

/**
 * Queues a connector's dead letters again and audits it (`sync.dead_letters_retried`, with how
 * many), whoever asked: the ops console, the admin API or `roster sync retry-failed`.
 */
export async function retryDeadLetters(
  deps: Pick<DomainDeps, 'store' | 'recorder'>,
  doc: ConnectorDoc,
  actor: Actor,
  replay: ReplayDeadLetters,
): Promise<number> {
  const replayed = await replay(doc.tenantId, doc._id);
  await deps.store.withTransaction((tx) =>
    recordConnector(deps, tx, doc, 'sync.dead_letters_retried', actor, { replayed }),
  );
  return replayed;
}
