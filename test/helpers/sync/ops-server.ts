import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/app.js';
import { runtimeOpsConsole } from '../../../src/main.js';
import { createMetrics, createMetricsApp } from '../../../src/ops/index.js';
import { opsSyncDeps } from '../../../workers/index.js';
import { connectorRouteDeps } from '../../../workers/sync/index.js';
import type { SyncHarness } from './sync-harness.js';

// The ops console and /metrics over a sync harness's runtime, wired as src/main.ts `serve` and
// src/cli/server-commands.ts wire them (the connector rows, their buttons and gauges), so a test
// drives the console while the harness's workers sync to a loopback target double.

export interface OpsServer {
  url: string;
  metricsUrl: string;
  scrape(): Promise<string>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startOpsServer(source: SyncHarness): Promise<OpsServer> {
  const runtime = source.runtime;
  const metrics = createMetrics();
  const ops = runtimeOpsConsole(runtime, opsSyncDeps(runtime));
  const app = createApp({ ...runtime, connectors: connectorRouteDeps(runtime), ops }, metrics);
  const server = createServer(app);
  server.keepAliveTimeout = 60_000;
  const metricsServer = createServer(createMetricsApp(metrics));
  const [url, metricsUrl] = await Promise.all([listen(server), listen(metricsServer)]);
  return {
    url,
    metricsUrl,
    scrape: async () => (await fetch(`${metricsUrl}/metrics`)).text(),
    async close() {
      for (const s of [server, metricsServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      metrics.close();
    },
  };
}
