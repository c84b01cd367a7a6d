import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/index.js';
import { createApp } from '../../src/app.js';
import { createRecorder } from '../../src/audit/index.js';
import type { DirectoryDeps } from '../../src/directory/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createRedis, deleteKeysWithPrefix, type Redis } from '../../src/redis.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import type { AppDeps } from '../../src/app.js';

export interface TestServer extends AppDeps {
  /** http://127.0.0.1:<port> */
  url: string;
  server: Server;
  directory: DirectoryDeps;
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral loopback port, with its own temporary embedded store and its own
 * Redis key prefix, so tests never see each other's data. `close()` removes both.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-test-'));
  const prefix = `roster-test:${randomUUID()}:`;
  const config: Readonly<Config> = loadConfig({}, { ROSTER_DATA_DIR: dataDir, ROSTER_REDIS_PREFIX: prefix, ROSTER_PORT: '1', ...env });
  const logger = createLogger(process.env.ROSTER_TEST_LOG_LEVEL ?? 'silent');
  const store: Store = await createStore({ dataDir, logger, ttlSweepSeconds: 0 });
  const redis: Redis = createRedis(config.redis.url, prefix);
  const recorder = createRecorder({ auditRetentionDays: config.auditRetentionDays });
  // Listen first, so publicUrl (SCIM Location headers, SAML ACS URLs) can name the real port.
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const live: AppDeps = { config: Object.freeze({ ...config, publicUrl: env.ROSTER_PUBLIC_URL ?? url }), store, redis, logger, recorder };
  server.on('request', createApp(live));
  return {
    ...live,
    url,
    server,
    directory: { store, recorder },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
