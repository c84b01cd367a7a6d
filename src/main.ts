import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Config } from '../config/index.js';
import type { AppDeps } from './app-deps.js';
import type { ConnectorRouteDeps } from './authz/index.js';
import { createApp } from './app.js';
import type { Logger } from './logging/index.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface RunningServer {
  server: Server;
  runtime: Runtime;
  /** Stops accepting, lets in-flight requests finish (up to the configured bound), closes the store and Redis. */
  shutdown(): Promise<void>;
}

/** `roster serve`: the HTTP API on the composition root's runtime. */
/** What `roster serve` gets from the workers side; the CLI (src/cli/server-commands.ts) wires it. */
export interface ServeExtras {
  connectors?: (runtime: Runtime) => ConnectorRouteDeps;
  startWorkers?: (runtime: Runtime) => Promise<{ stop(): Promise<void> }>;
}

export async function serve(
  config: Readonly<Config>,
  logger: Logger,
  extras: ServeExtras = {},
): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger);
  // The runtime, plus the connector routes' engine-side helpers (its lazy getters stay lazy).
  const deps: AppDeps = Object.assign(Object.create(runtime) as Runtime, { connectors: extras.connectors?.(runtime) });
  const server = createApp(deps).listen(config.port, config.host);
  await once(server, 'listening');
  logger.info({ port: config.port, host: config.host, engine: runtime.store.engine }, 'roster serving');
  // On the embedded store, serve and a separate worker would contend for SQLite's one writer, so by
  // default serve runs the workers itself there (ROSTER_WORKERS_IN_SERVE); production runs them apart.
  const workers = config.workersInServe ? await extras.startWorkers?.(runtime) : undefined;
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      const forced = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      clearTimeout(forced);
      await workers?.stop();
      await runtime.close();
      logger.info('roster stopped');
    })());
  return { server, runtime, shutdown };
}
