import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config/index.js';
import type { Recorder } from './audit/index.js';
import { problemErrorHandler, RosterError } from './errors/index.js';
import type { Logger } from './logging/index.js';
import { createAuthzRouter } from './authz/index.js';
import { createHealthRouter } from './ops/health.js';
import { createScimRouter } from './scim/index.js';
import { createSamlAdminRouter, createSamlRouter } from './saml/index.js';
import { createSessionRouter } from './session/index.js';
import { createMetrics } from './ops/metrics.js';
import type { Redis } from './redis.js';
import type { Store } from './store/types.js';

/** Everything the HTTP app needs, built by the composition root (src/main.ts) or a test. */
export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  redis: Redis;
  logger: Logger;
  recorder: Recorder;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honour a well-formed X-Request-Id from a proxy; otherwise mint one. It is echoed back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The Express app without listen(), so tests drive it over real HTTP on an ephemeral port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestId,
      quietReqLogger: true,
      // Method, path and status are what an operator needs; headers would carry credentials.
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());
  const metrics = createMetrics();
  app.use(metrics.middleware);

  app.use(createHealthRouter(deps));
  app.use(metrics.router);
  // The admin and authorization APIs speak JSON; SCIM and SAML parse their own media types.
  app.use('/v1', express.json({ limit: deps.config.bodyLimit }));
  // Protocol edges mount here, each with its own body parsing and error serializer.
  app.use('/scim/v2', createScimRouter(deps));
  app.use(createAuthzRouter(deps));
  app.use(createSamlRouter(deps));
  app.use(createSamlAdminRouter(deps));
  app.use(createSessionRouter(deps));

  app.use((_req, _res, next) => next(new RosterError('not_found', 'no such endpoint')));
  app.use(problemErrorHandler);
  return app;
}
