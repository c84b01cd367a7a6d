import type { Config } from '../config/index.js';
import { createRecorder, type Recorder } from './audit/index.js';
import { createSecretBox, loadKeyRing, type SecretBox } from './credentials/index.js';
import type { DomainDeps } from './domain/index.js';
import type { Logger } from './logging/index.js';
import { createQueues, type Queues } from './queue/index.js';
import type { SiemKindCatalogue } from './siem-streams/index.js';
import { siemKindCatalogue } from '../workers/siem/index.js';
import { createBullConnection, createRedis, type Redis } from './redis/index.js';
import { createStore, type Store } from './store/index.js';

// The composition root: config -> logger -> store -> Redis (commands; BullMQ's own) -> recorder
// -> domain deps -> queues. `roster serve`, `roster worker`, every CLI command, the tests and the
// benchmarks start here; nothing else constructs a store, a Redis client or a Queue.
// Redis, the queues and the secret box are made on first use, so a one-shot command that only
// touches the store never connects to Redis.

export interface RuntimeOptions {
  /** Embedded engine: seconds between TTL sweeps (0: none, as one-shot commands want). */
  ttlSweepSeconds?: number;
  now?: () => Date;
}

export interface Runtime {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly store: Store;
  readonly recorder: Recorder;
  /** What every domain service is handed. */
  readonly domain: DomainDeps;
  /** Roster's own prefixed Redis client. */
  readonly redis: Redis;
  /** BullMQ's connection (unprefixed, `maxRetriesPerRequest: null`), shared by queues and workers. */
  readonly bullConnection: Redis;
  readonly queues: Queues;
  /** Seals and opens stored connector and SIEM credentials. */
  secretBox(): Promise<SecretBox>;
  /** The SIEM kinds (config schemas, secret fields, connection check) from workers/siem's shipper registry. */
  readonly siemKinds: SiemKindCatalogue;
  /** Work that must reach the store before it closes (buffered audit counts): run first by close(). */
  onClose(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

function lazy<T>(make: () => T): { get(): T; made(): T | undefined } {
  let value: T | undefined;
  return { get: () => (value ??= make()), made: () => value };
}

export async function createRuntime(
  config: Readonly<Config>,
  logger: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const store = await createStore({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    logger,
    ttlSweepSeconds: options.ttlSweepSeconds,
  });
  const recorder = createRecorder({ auditRetentionDays: config.auditRetentionDays, now: options.now });
  const redis = lazy(() => {
    const client = createRedis(config.redis.url, config.redis.prefix);
    client.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
    return client;
  });
  const bull = lazy(() => {
    const client = createBullConnection(config.redis.url);
    client.on('error', (err) => logger.warn({ err: err.message }, 'redis (queues) connection problem'));
    return client;
  });
  const queues = lazy(() => createQueues(bull.get(), config.redis.prefix));
  let box: Promise<SecretBox> | undefined;
  const closeHooks: Array<() => Promise<void>> = [];
  const keySource = { ...config.secretKeys, dataDir: config.mongodbUri ? undefined : config.dataDir };
  return {
    config,
    logger,
    store,
    recorder,
    domain: { store, recorder, now: options.now },
    get redis() {
      return redis.get();
    },
    get bullConnection() {
      return bull.get();
    },
    get queues() {
      return queues.get();
    },
    secretBox: () => (box ??= loadKeyRing(keySource).then(createSecretBox)),
    siemKinds: siemKindCatalogue(),
    onClose: (hook) => void closeHooks.push(hook),
    async close() {
      await Promise.allSettled(closeHooks.map((hook) => hook()));
      await queues.made()?.close();
      await Promise.allSettled([store.close(), redis.made()?.quit(), bull.made()?.quit()]);
    },
  };
}
