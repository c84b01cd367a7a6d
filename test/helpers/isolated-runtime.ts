import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import type { DomainDeps } from '../../src/domain/index.js';
import { createLogger } from '../../src/logging/index.js';
import { deleteKeysWithPrefix } from '../../src/redis/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';

export interface IsolatedRuntime extends Runtime {
  dataDir: string;
  prefix: string;
  directory: DomainDeps;
  /** Closes the runtime and removes its Redis keys, its queues' keys and its data folder. */
  close(): Promise<void>;
}

/**
 * The composition root's runtime (src/runtime.ts) on a temporary embedded store and a unique
 * Redis key prefix, so tests and benchmarks never see each other's data.
 */
export async function createIsolatedRuntime(
  label: string,
  env: Record<string, string> = {},
  logLevel = 'silent',
): Promise<IsolatedRuntime> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `roster-${label}-`));
  const prefix = `roster-${label}:${randomUUID()}:`;
  const config = loadConfig({}, { ROSTER_DATA_DIR: dataDir, ROSTER_REDIS_PREFIX: prefix, ROSTER_PORT: '1', ...env });
  const runtime = await createRuntime(config, createLogger(logLevel), { ttlSweepSeconds: 0 });
  const close = runtime.close;
  return Object.assign(runtime, {
    dataDir,
    prefix,
    directory: runtime.domain,
    async close() {
      await deleteKeysWithPrefix(runtime.redis, prefix);
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
