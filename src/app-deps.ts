import type { Config } from '../config/index.js';
import type { Recorder } from './audit/index.js';
import type { ConnectorRouteDeps } from './authz/index.js';
import type { Logger } from './logging/index.js';
import type { Redis } from './redis/index.js';
import type { Store } from './store/index.js';

/** Everything the HTTP app may hand an edge, built by the composition root (src/runtime.ts). */
export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  redis: Redis;
  logger: Logger;
  recorder: Recorder;
  /** The admin API's connector routes; built by the composition root from workers/sync. */
  connectors?: ConnectorRouteDeps;
}
