import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from '../../src/app.js';
import { createMetrics, createMetricsApp } from '../../src/ops/index.js';
import type { DomainDeps } from '../../src/domain/index.js';
import { runtimeOpsConsole } from '../../src/main.js';
import { opsSyncDeps } from '../../workers/index.js';
import { createIsolatedRuntime } from './isolated-runtime.js';

export interface TestServer extends AppDeps {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The /metrics listener's base URL (its own port, as `roster serve` runs it). */
  metricsUrl: string;
  server: Server;
  directory: DomainDeps;
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral loopback port, with its own temporary embedded store and its own
 * Redis key prefix, so tests never see each other's data. `close()` removes both.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const runtime = await createIsolatedRuntime('test', env, process.env.ROSTER_TEST_LOG_LEVEL ?? 'silent');
  const { store, redis, logger, recorder } = runtime;
  // Listen first, so publicUrl (SCIM Location headers, SAML ACS URLs) can name the real port.
  const server = createServer();
  // Client and server share this process, whose event loop a synchronous SQLite burst can block
  // for seconds: with Node's 5 s default, the server may close an idle keep-alive socket just as
  // fetch reuses it (ECONNRESET). Tests close every connection themselves in close().
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const live: AppDeps = {
    config: Object.freeze({ ...runtime.config, publicUrl: env.ROSTER_PUBLIC_URL ?? url }),
    store,
    redis,
    logger,
    recorder,
    queues: runtime.queues,
    siemKinds: runtime.siemKinds,
    secretBox: runtime.secretBox,
    // As src/main.ts `serve` wires it, so tests see the same console.
    ops: runtimeOpsConsole(runtime, opsSyncDeps(runtime)),
  };
  const metrics = createMetrics();
  server.on('request', createApp(live, metrics));
  const metricsServer = createServer(createMetricsApp(metrics)).listen(0, '127.0.0.1');
  await once(metricsServer, 'listening');
  return {
    ...live,
    url,
    metricsUrl: `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`,
    server,
    directory: runtime.directory,
    async close() {
      server.closeAllConnections();
      metricsServer.closeAllConnections();
      metrics.close();
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
