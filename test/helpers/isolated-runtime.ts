import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/index.js';
import { createRecorder, type Recorder } from '../../src/audit/index.js';
import type { DomainDeps } from '../../src/domain/index.js';
import { createLogger, type Logger } from '../../src/logging/index.js';
import { createRedis, deleteKeysWithPrefix, type Redis } from '../../src/redis/redis.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';

export interface IsolatedRuntime {
  dataDir: string;
  prefix: string;
  config: Readonly<Config>;
  logger: Logger;
  store: Store;
  redis: Redis;
  recorder: Recorder;
  directory: DomainDeps;
  /** Closes Redis and the store and removes the Redis keys and the data folder. */
  close(): Promise<void>;
}

/**
 * Everything a test or a benchmark runs Roster on, of its own: a temporary embedded store and a
 * unique Redis key prefix, so runs never see each other's data.
 */
export async function createIsolatedRuntime(
  label: string,
  env: Record<string, string> = {},
  logLevel = 'silent',
): Promise<IsolatedRuntime> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `roster-${label}-`));
  const prefix = `roster-${label}:${randomUUID()}:`;
  const config = loadConfig({}, { ROSTER_DATA_DIR: dataDir, ROSTER_REDIS_PREFIX: prefix, ROSTER_PORT: '1', ...env });
  const logger = createLogger(logLevel);
  const store = await createStore({ dataDir, logger, ttlSweepSeconds: 0 });
  const redis = createRedis(config.redis.url, prefix);
  const recorder = createRecorder({ auditRetentionDays: config.auditRetentionDays });
  return {
    dataDir,
    prefix,
    config,
    logger,
    store,
    redis,
    recorder,
    directory: { store, recorder },
    async close() {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
