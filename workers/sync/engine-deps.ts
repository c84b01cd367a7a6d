import type { Queue } from 'bullmq';
import type { Config } from '../../config/index.js';
import type { ConnectorCatalogue } from '../../src/connectors/index.js';
import type { SecretBox } from '../../src/credentials/index.js';
import type { DomainDeps } from '../../src/domain/index.js';
import type { Logger } from '../../src/logging/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import type { Redis } from '../../src/redis/index.js';
import { CONNECTOR_KINDS, connectorKind } from './connectors/index.js';
import type { LiveEnqueue } from './live-batcher.js';

/** What the sync engine's steps are handed. `redis` is Roster's prefixed client. */
export interface SyncDeps {
  domain: DomainDeps;
  logger: Logger;
  redis: Redis;
  queue: Queue<SyncJob>;
  /** Queues live jobs, sharing one Redis pipeline with the other callers of the moment (live-batcher.ts). */
  enqueueLive: LiveEnqueue;
  box: SecretBox;
  settings: Config['sync'];
}

/** The registry of connector kinds, as the domain (src/connectors) sees it. */
export const connectorCatalogue: ConnectorCatalogue = {
  kind: (name) => connectorKind(name),
  kinds: () => Object.keys(CONNECTOR_KINDS),
};
