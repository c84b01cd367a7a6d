import type { Config } from '../config/index.js';
import type { Recorder } from './audit/index.js';
import type { ConnectorRouteDeps } from './authz/index.js';
import type { SecretBox } from './credentials/index.js';
import type { SiemKindCatalogue } from './siem-streams/index.js';
import type { Logger } from './logging/index.js';
import type { OpsDeps } from './ops/index.js';
import type { Queues } from './queue/index.js';
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
  queues: Queues;
  /** What the ops console shows and does beyond the store and the queues (wired by src/main.ts). */
  ops?: Pick<OpsDeps, 'targets' | 'actions' | 'workers' | 'charts'>;
  /** For the SIEM stream admin API; without them its routes answer 503. */
  siemKinds?: SiemKindCatalogue;
  secretBox?: () => Promise<SecretBox>;
  /** This process runs the workers too: /readyz then requires their heartbeat. */
  runsWorkers?: boolean;
  /** Set by createApp from its metrics: counts each ACS outcome (src/saml/acs/pipeline.ts). */
  observeLogin?: (outcome: 'success' | 'rejected' | 'error') => void;
}
