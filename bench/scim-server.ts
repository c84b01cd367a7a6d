import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import express from 'express';
import { createApp } from '../src/app.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';
import { createCredential } from '../src/credentials/index.js';
import { createTenant } from '../src/tenants/index.js';

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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function bareExpress(limit: string) {
  const app = express();
  app.use(express.json({ type: ['application/json', 'application/scim+json'], limit }));
  app.post('/echo', (req, res) =>
    res.status(201).json({ id: randomUUID(), userName: (req.body as { userName?: string }).userName }),
  );
  return app;
}

async function main(): Promise<void> {
  const runtime = await createIsolatedRuntime(
    'bench-scim',
    { ROSTER_BODY_LIMIT: '1mb' },
    process.env.BENCH_LOG_LEVEL ?? 'warn',
  );
  const { config, store, redis, logger, recorder, directory } = runtime;
  const actor = { type: 'cli' as const, id: 'bench' };
  await createTenant(directory, { id: 'bench', plan: 'enterprise', actor });
  const { secret } = await createCredential(directory, { tenantId: 'bench', kind: 'scim', actor });

  const baseline = await listen(bareExpress(config.bodyLimit));
  const handlers: { app?: ReturnType<typeof createApp> } = {};
  const roster = await listen((req, res) => handlers.app!(req, res));
  handlers.app = createApp({
    config: Object.freeze({ ...config, publicUrl: roster.url }),
    store,
    redis,
    queues: runtime.queues,
    logger,
    recorder,
  });

  // Orphaned (the bench failed or was interrupted): leave nothing behind.
  process.on(
    'disconnect',
    () => void rm(runtime.dataDir, { recursive: true, force: true }).finally(() => process.exit(1)),
  );
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'rss')
      process.send!({ type: 'rss', maxRssKb: process.resourceUsage().maxRSS, rssBytes: process.memoryUsage().rss });
    if (message.type === 'stop') {
      await Promise.all([roster.close(), baseline.close()]);
      await runtime.close();
      process.send!({ type: 'stopped' }, () => process.exit(0));
    }
  });
  process.send!({
    type: 'ready',
    url: `${roster.url}/scim/v2/bench`,
    baselineUrl: `${baseline.url}/echo`,
    token: secret,
  });
}

void main();
