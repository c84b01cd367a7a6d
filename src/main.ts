import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Config } from '../config/index.js';
import { createApp, type AppDeps } from './app.js';
import { createRecorder } from './audit/index.js';
import type { Logger } from './logging/index.js';
import { createRedis } from './redis/index.js';
import { createStore } from './store/index.js';

// The composition root: config -> store -> redis -> recorder -> app. Nothing else wires things.

export interface Runtime extends AppDeps {
  close(): Promise<void>;
}

export async function createRuntime(config: Readonly<Config>, logger: Logger): Promise<Runtime> {
  const store = await createStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  const redis = createRedis(config.redis.url, config.redis.prefix);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
  const recorder = createRecorder({ auditRetentionDays: config.auditRetentionDays });
  return {
    config,
    store,
    redis,
    logger,
    recorder,
    async close() {
      await Promise.allSettled([store.close(), redis.quit()]);
    },
  };
}

export interface RunningServer {
  server: Server;
  runtime: Runtime;
  /** Stops accepting, lets in-flight requests finish (up to the configured bound), closes the store and Redis. */
  shutdown(): Promise<void>;
}

export async function serve(config: Readonly<Config>, logger: Logger): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger);
  const server = createApp(runtime).listen(config.port, config.host);
  await once(server, 'listening');
  logger.info({ port: config.port, host: config.host, engine: runtime.store.engine }, 'roster serving');
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      const forced = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      clearTimeout(forced);
      await runtime.close();
      logger.info('roster stopped');
    })());
  return { server, runtime, shutdown };
}
