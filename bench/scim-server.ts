import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../config/index.js';
import { createApp } from '../src/app.js';
import { createRecorder } from '../src/audit/index.js';
import { createCredential, createTenant } from '../src/directory/index.js';
import { createLogger } from '../src/logging/index.js';
import { createRedis } from '../src/redis.js';
import { createStore } from '../src/store/index.js';

// The server side of bench/scim.ts, forked as its own process so its peak RSS is its own: the
// real app on the embedded engine in a temporary folder, plus a bare Express JSON endpoint (the
// ceiling the same client reaches). Talks to the parent over IPC.

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function bareExpress(limit: string) {
  const app = express();
  app.use(express.json({ type: ['application/json', 'application/scim+json'], limit }));
  app.post('/echo', (req, res) => res.status(201).json({ id: randomUUID(), userName: (req.body as { userName?: string }).userName }));
  return app;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-bench-scim-'));
  const prefix = `roster-bench:${randomUUID()}:`;
  const config = loadConfig({}, { ROSTER_DATA_DIR: dataDir, ROSTER_REDIS_PREFIX: prefix, ROSTER_PORT: '1', ROSTER_BODY_LIMIT: '1mb' });
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');
  const store = await createStore({ dataDir, logger, ttlSweepSeconds: 0 });
  const redis = createRedis(config.redis.url, prefix);
  const recorder = createRecorder({ auditRetentionDays: config.auditRetentionDays });
  const directory = { store, recorder };
  const actor = { type: 'cli' as const, id: 'bench' };
  await createTenant(directory, { id: 'bench', plan: 'enterprise', actor });
  const { secret } = await createCredential(directory, { tenantId: 'bench', kind: 'scim', actor });

  const baseline = await listen(bareExpress(config.bodyLimit));
  const handlers: { app?: ReturnType<typeof createApp> } = {};
  const roster = await listen((req, res) => handlers.app!(req, res));
  handlers.app = createApp({ config: Object.freeze({ ...config, publicUrl: roster.url }), store, redis, logger, recorder });

  // Orphaned (the bench failed or was interrupted): leave nothing behind.
  process.on('disconnect', () => void rm(dataDir, { recursive: true, force: true }).finally(() => process.exit(1)));
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'rss') process.send!({ type: 'rss', maxRssKb: process.resourceUsage().maxRSS, rssBytes: process.memoryUsage().rss });
    if (message.type === 'stop') {
      await Promise.all([roster.close(), baseline.close()]);
      await redis.quit();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
      process.send!({ type: 'stopped' }, () => process.exit(0));
    }
  });
  process.send!({ type: 'ready', url: `${roster.url}/scim/v2/bench`, baselineUrl: `${baseline.url}/echo`, token: secret });
}

void main();
