import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { getTenant } from '../directory/index.js';
import { RosterError, toRosterError } from '../errors/index.js';
import { sessionCookie } from '../session/index.js';
import { ACS_STEPS, runAcs } from './acs/pipeline.js';
import type { AcsContext, AcsDeps } from './acs/context.js';
import { getConnection } from './connections.js';
import { renderErrorPage } from './error-page.js';
import { failureMessage } from './failure-messages.js';
import { fromNodeSamlError } from './node-saml-errors.js';
import { autoPostCsp, createSamlPassport, sendAuthnRequest, validateResponse } from './passport.js';
import { newRelayState, newRequestId, rememberRequest } from './request-cache.js';
import { safeReturnTo } from './return-to.js';
import { loadSpCredentials, samlOptions, spEndpoints, spMetadataXml } from './service-provider.js';

// The SAML edge: metadata, login and ACS. Each handler goes from req to one call and back;
// failures become the HTML error page (the SAML edge's one serializer).

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function tenantOf(req: Request): string {
  const tenant = String(req.params.tenant);
  if (!SLUG.test(tenant)) throw new RosterError('saml_connection_not_found', 'not a tenant id');
  return tenant;
}

function requestIdOf(req: Request, res: Response): string {
  return String(res.getHeader('x-request-id') ?? req.id ?? '');
}

function bytes(limit: string): number {
  const [, n, unit] = /^(\d+)(b|kb|mb)$/i.exec(limit)!;
  return Number(n) * ({ b: 1, kb: 1024, mb: 1024 * 1024 } as Record<string, number>)[unit.toLowerCase()];
}

/** body-parser's own errors (too large, bad encoding) are the sender's: a 4xx, never a 500. */
function toSamlError(err: unknown): RosterError {
  if (err instanceof RosterError) return err;
  const e = err as { status?: number; type?: string };
  if (e?.type === 'entity.too.large') return new RosterError('saml_response_too_large', 'the form post is larger than allowed');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new RosterError('saml_invalid_response', 'the form post could not be read');
  return toRosterError(err);
}

const errorPage: ErrorRequestHandler = (err, req, res, _next) => {
  const error = toSamlError(err);
  if (error.status >= 500) req.log?.error({ err }, 'SAML request failed');
  if (res.headersSent) return;
  res.status(error.status).set('Cache-Control', 'no-store').type('html').send(renderErrorPage(failureMessage(error.code, error.status), requestIdOf(req, res)));
};

export function createSamlRouter(deps: AppDeps): Router {
  const passport = createSamlPassport();
  const credentials = loadSpCredentials(deps.config.saml);
  const { publicUrl } = deps.config;
  const { clockSkewSeconds, requestTtlSeconds } = deps.config.saml;
  const router = Router();

  router.get('/saml/:tenant/metadata', async (req, res) => {
    const tenantId = tenantOf(req);
    await getTenant(deps, tenantId).catch(() => {
      throw new RosterError('saml_connection_not_found', `no tenant ${tenantId}`);
    });
    res.type('application/samlmetadata+xml').send(spMetadataXml(spEndpoints(publicUrl, tenantId), credentials));
  });

  router.get('/saml/:tenant/login', async (req, res) => {
    const tenantId = tenantOf(req);
    if (req.query.SAMLResponse !== undefined || req.query.SAMLRequest !== undefined) throw new RosterError('invalid_input', 'no SAML message is accepted here');
    const connection = await getConnection(deps, tenantId);
    const returnTo = req.query.returnTo === undefined ? connection.defaultReturnTo : safeReturnTo(req.query.returnTo, connection.returnToAllowList);
    if (!returnTo) throw new RosterError('saml_return_to_rejected', 'returnTo is neither a local path nor on the allow-list');
    const requestId = newRequestId();
    const relayState = newRelayState();
    await rememberRequest(deps.redis, requestId, { tenantId, returnTo, relayState, issuedAt: new Date().toISOString() }, requestTtlSeconds);
    res.set('Cache-Control', 'no-store');
    if (connection.ssoBinding === 'post') res.set('Content-Security-Policy', autoPostCsp(connection.ssoUrl));
    const options = samlOptions({ connection, sp: spEndpoints(publicUrl, tenantId), credentials, clockSkewSeconds, requestId });
    await sendAuthnRequest(passport, req, res, options, relayState).catch((err) => {
      throw fromNodeSamlError(err);
    });
  });

  const acsBody = express.urlencoded({ extended: false, limit: deps.config.saml.bodyLimit, parameterLimit: 10 });
  const acsDeps: Omit<AcsDeps, 'verifySignature'> = {
    ...deps,
    publicUrl,
    clockSkewSeconds,
    maxResponseBytes: bytes(deps.config.saml.bodyLimit),
    sessionTtlSeconds: deps.config.session.ttlSeconds,
    now: () => new Date(),
  };

  router.post('/saml/:tenant/acs', acsBody, async (req, res) => {
    const ctx: AcsContext = {
      request: { tenantId: tenantOf(req), body: req.body, query: req.query as Record<string, unknown>, requestId: requestIdOf(req, res), sourceIp: req.ip },
    };
    await runAcs(ctx, {
      ...acsDeps,
      // node-saml reads exactly the XML the earlier steps checked, re-encoded.
      verifySignature: (c) => {
        req.body = { SAMLResponse: Buffer.from(c.xml!, 'utf8').toString('base64') };
        return validateResponse(passport, req, res, samlOptions({ connection: c.connection!, sp: c.sp!, credentials, clockSkewSeconds }));
      },
    }, ACS_STEPS);
    res.set('Cache-Control', 'no-store').set('Set-Cookie', sessionCookie(ctx.session!.id, deps.config.session.ttlSeconds));
    res.redirect(303, ctx.returnTo!);
  });

  router.use('/saml', errorPage);
  return router;
}
