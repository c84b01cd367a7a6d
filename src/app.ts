export type { AppDeps } from './app-deps.js';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './app-deps.js';
import { problemErrorHandler, RosterError } from './errors/index.js';
import { requestLogger } from './logging/index.js';
import { createAuthzRouter } from './authz/index.js';
import { createHealthRouter, createMetrics, createOpsRouter, registerOpsMetrics, type Metrics } from './ops/index.js';
import { createScimRouter } from './scim/index.js';
import { createSamlAdminRouter, createSamlRouter } from './saml/index.js';
import { createSessionRouter } from './session/index.js';
import { workersAlive } from './queue/index.js';
import { instrumentStore } from './store/index.js';

/**
 * The Express app without listen(), so tests drive it over real HTTP on an ephemeral port.
 * `metrics` is scraped on its own listener (ops/metrics.ts createMetricsApp), never here.
 */
export function createApp(given: AppDeps, metrics: Metrics = createMetrics()): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', given.config.trustProxy);
  app.use(requestLogger(given.logger));
  app.use(helmet());
  const ops = registerOpsMetrics(metrics.registry, { store: given.store, queues: () => given.queues.all() });
  // Every edge below sees the timed store and the login counter.
  const deps: AppDeps = {
    ...given,
    store: instrumentStore(given.store, ops.observeStore),
    observeLogin: ops.observeLogin,
  };
  app.use(metrics.middleware);

  app.use(
    createHealthRouter({
      ...deps,
      workers: {
        required: Boolean(deps.runsWorkers) || deps.config.ops.readyzWorkers === 'require',
        alive: () => workersAlive(deps.redis),
      },
    }),
  );
  // The admin and authorization APIs speak JSON; SCIM and SAML parse their own media types.
  app.use('/v1', express.json({ limit: deps.config.bodyLimit }));
  // Protocol edges mount here, each with its own body parsing and error serializer.
  app.use('/scim/v2', ops.scim, createScimRouter(deps));
  app.use(createAuthzRouter(deps));
  app.use(createSamlRouter(deps));
  app.use(createSamlAdminRouter(deps));
  app.use(createSessionRouter(deps));
  app.use(
    createOpsRouter({
      domain: { store: deps.store, recorder: deps.recorder },
      redis: deps.redis,
      queues: () => deps.queues.all(),
      sessionTtlSeconds: deps.config.session.ttlSeconds,
      workers: () => workersAlive(deps.redis),
      ...deps.ops,
    }),
  );

  app.use((_req, _res, next) => next(new RosterError('not_found', 'no such endpoint')));
  app.use(problemErrorHandler);
  return app;
}
