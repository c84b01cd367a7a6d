import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.js';
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
export async function serve(config: Readonly<Config>, logger: Logger): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger);
  const ops = opsConsole({
    ...runtime.domain,
    redis: runtime.redis,
    kinds: runtime.siemKinds,
    secretBox: runtime.secretBox,
  });
  const metrics = createMetrics();
  const server = createApp({ ...runtime, ops }, metrics).listen(config.port, config.host);
  const metricsServer = createMetricsApp(metrics).listen(config.metrics.port, config.metrics.host);
  await Promise.all([once(server, 'listening'), once(metricsServer, 'listening')]);
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
      await runtime.close();
      logger.info('roster stopped');
    })());
  return { server, metricsServer, runtime, shutdown };
}
