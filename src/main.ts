import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.js';
import type { AppDeps } from './app-deps.js';
import type { ConnectorRouteDeps } from './authz/index.js';
import type { ConsoleSyncDeps } from './ops/index.js';
import { createApp } from './app.js';
import { opsConsole } from './ops/index.js';
import type { Logger } from './logging/index.js';
import { createMetrics, createMetricsApp } from './ops/index.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface RunningServer {
  server: Server;
  /** The /metrics listener (ROSTER_METRICS_HOST:ROSTER_METRICS_PORT). */
  metricsServer: Server;
  runtime: Runtime;
  /** Stops accepting, lets in-flight requests finish (up to the configured bound), closes the store and Redis. */
  shutdown(): Promise<void>;
}

/** `roster serve`: the HTTP API on the composition root's runtime. */
/** What `roster serve` gets from the workers side; the CLI (src/cli/server-commands.ts) wires it. */
export interface ServeExtras {
  connectors?: (runtime: Runtime) => ConnectorRouteDeps;
  startWorkers?: (runtime: Runtime) => Promise<{ stop(): Promise<void> }>;
  /** The ops console's Retry and Full resync buttons (workers/ops-console.ts). */
  opsSync?: (runtime: Runtime) => ConsoleSyncDeps;
}

/** The ops console over the runtime's store, Redis, SIEM kinds and sync queue (also the test servers'). */
export function runtimeOpsConsole(runtime: Runtime, sync?: ConsoleSyncDeps): ReturnType<typeof opsConsole> {
  return opsConsole({
    ...runtime.domain,
    redis: runtime.redis,
    kinds: runtime.siemKinds,
    secretBox: runtime.secretBox,
    syncQueue: runtime.queues.sync,
    sync,
  });
}

export async function serve(
  config: Readonly<Config>,
  logger: Logger,
  extras: ServeExtras = {},
): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger);
  const ops = runtimeOpsConsole(runtime, extras.opsSync?.(runtime));
  const metrics = createMetrics();
  // The runtime with the ops console and the connector routes' engine-side helpers; on the embedded
  // store serve runs the workers itself (ROSTER_WORKERS_IN_SERVE), so /readyz requires their heartbeat.
  const deps: AppDeps = {
    ...runtime,
    ops,
    connectors: extras.connectors?.(runtime),
    runsWorkers: Boolean(config.workersInServe && extras.startWorkers),
  };
  const server = createApp(deps, metrics).listen(config.port, config.host);
  const metricsServer = createMetricsApp(metrics).listen(config.metrics.port, config.metrics.host);
  await Promise.all([once(server, 'listening'), once(metricsServer, 'listening')]);
  // On the embedded store, serve and a separate worker would contend for SQLite's one writer, so by
  // default serve runs the workers itself there (ROSTER_WORKERS_IN_SERVE); production runs them apart.
  const workers = config.workersInServe ? await extras.startWorkers?.(runtime) : undefined;
  const port = (server.address() as AddressInfo).port;
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  logger.info(
    { port, host: config.host, metricsPort, metricsHost: config.metrics.host, engine: runtime.store.engine },
    'roster serving',
  );
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      const forced = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      clearTimeout(forced);
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      metrics.close();
      await workers?.stop();
      await runtime.close();
      logger.info('roster stopped');
    })());
  return { server, metricsServer, runtime, shutdown };
}
