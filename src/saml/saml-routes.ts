import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../app-deps.js';
import { createIpGate, getTenant, type IpGate } from '../tenants/index.js';
import { RosterError, toRosterError } from '../errors/index.js';
import { sessionCookie } from '../session/index.js';
import { ACS_STEPS, runAcs } from './acs/pipeline.js';
import type { AcsDeps } from './acs/context.js';
import { getConnection } from '../sso/index.js';
import { renderErrorPage } from './error-page.js';
import { failureMessage } from './failure-messages.js';
import { fromNodeSamlError } from './node-saml-errors.js';
import { autoPostCsp, createSamlPassport, sendAuthnRequest, validateResponse } from './passport.js';
import { newRelayState, newRequestId, rememberRequest } from './request-cache.js';
import { safeReturnTo } from '../sso/index.js';
import { createSamlOptionsResolver, type SamlOptionsResolver } from './request-options.js';
import { loadSpCredentials, spEndpoints, spMetadataXml, type SpCredentials } from './service-provider.js';

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
  if (e?.type === 'entity.too.large')
    return new RosterError('saml_response_too_large', 'the form post is larger than allowed');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new RosterError('saml_invalid_response', 'the form post could not be read');
  return toRosterError(err);
}

const errorPage: ErrorRequestHandler = (err, req, res, _next) => {
  const error = toSamlError(err);
  if (error.status >= 500) req.log?.error({ err }, 'SAML request failed');
  if (res.headersSent) return;
  res
    .status(error.status)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(renderErrorPage(failureMessage(error.code, error.status), requestIdOf(req, res)));
};

/** What the three handlers share, built once per app. */
interface SamlEdge {
  deps: AppDeps;
  passport: ReturnType<typeof createSamlPassport>;
  resolver: SamlOptionsResolver;
  credentials?: SpCredentials;
}

function metadataHandler({ deps, credentials }: SamlEdge): RequestHandler {
  return async (req, res) => {
    const tenantId = tenantOf(req);
    await getTenant(deps, tenantId).catch((err) => {
      throw err instanceof RosterError && err.code === 'tenant_not_found'
        ? new RosterError('saml_connection_not_found', `no tenant ${tenantId}`)
        : err;
    });
    res
      .type('application/samlmetadata+xml')
      .send(spMetadataXml(spEndpoints(deps.config.publicUrl, tenantId), credentials));
  };
}

/** GET /saml/{tenant}/login: remember the AuthnRequest in Redis, then let passport-saml send it. */
function loginHandler({ deps, passport, resolver }: SamlEdge): RequestHandler {
  const { requestTtlSeconds } = deps.config.saml;
  return async (req, res) => {
    const tenantId = tenantOf(req);
    if (req.query.SAMLResponse !== undefined || req.query.SAMLRequest !== undefined)
      throw new RosterError('invalid_input', 'no SAML message is accepted here');
    const connection = await getConnection(deps, tenantId);
    const returnTo =
      req.query.returnTo === undefined
        ? connection.defaultReturnTo
        : safeReturnTo(req.query.returnTo, connection.returnToAllowList);
    if (!returnTo)
      throw new RosterError('saml_return_to_rejected', 'returnTo is neither a local path nor on the allow-list');
    const requestId = newRequestId();
    const relayState = newRelayState();
    await rememberRequest(
      deps.redis,
      requestId,
      { tenantId, returnTo, relayState, issuedAt: new Date().toISOString() },
      requestTtlSeconds,
    );
    res.set('Cache-Control', 'no-store');
    if (connection.ssoBinding === 'post') res.set('Content-Security-Policy', autoPostCsp(connection.ssoUrl));
    resolver.useConnection(req, connection);
    resolver.useAuthnRequest(req, { requestId, relayState });
    await sendAuthnRequest(passport, req, res).catch((err) => {
      throw fromNodeSamlError(err);
    });
  };
}

/** The tenant's `saml` IP allow-list, before login and ACS; a refusal is the error page (403). */
function samlIpCheck(gate: IpGate): RequestHandler {
  return async (req, res, next) => {
    const tenantId = tenantOf(req);
    const ip = req.ip;
    if (await gate.allows({ tenantId, surface: 'saml', ip, requestId: requestIdOf(req, res), path: req.path }))
      return next();
    next(new RosterError('ip_not_allowed', `sign-in from ${ip} is not on the tenant's SAML IP allow-list`));
  };
}

/** A form that cannot be read still goes through the ACS table, so the refusal is audited. */
function acsBodyParser(limit: string): RequestHandler {
  const parseForm = express.urlencoded({ extended: false, limit, parameterLimit: 10 });
  return (req, res, next) =>
    parseForm(req, res, (err?: unknown) => {
      if (err) res.locals.bodyError = toSamlError(err);
      next();
    });
}

/** POST /saml/{tenant}/acs: the ACS table, then the session cookie and a 303 to returnTo. */
function acsHandler({ deps, passport, resolver, credentials }: SamlEdge): RequestHandler {
  const { saml, session, publicUrl } = deps.config;
  const base: Omit<AcsDeps, 'verifySignature'> = {
    ...deps,
    publicUrl,
    clockSkewSeconds: saml.clockSkewSeconds,
    maxResponseBytes: bytes(saml.bodyLimit),
    sessionTtlSeconds: session.ttlSeconds,
    now: () => new Date(),
    decryptionKey: credentials?.encryption?.privateKey,
  };
  return async (req, res) => {
    const request = {
      tenantId: tenantOf(req),
      body: req.body,
      query: req.query as Record<string, unknown>,
      requestId: requestIdOf(req, res),
      sourceIp: req.ip,
      bodyError: res.locals.bodyError,
    };
    const ctx = await runAcs(
      { request },
      {
        ...base,
        // node-saml reads the form as posted (the bytes the earlier steps decoded and checked),
        // trusting only the certificates of the connection those steps loaded.
        verifySignature: (c) => {
          resolver.useConnection(req, c.connection!);
          return validateResponse(passport, req, res);
        },
      },
      ACS_STEPS,
    );
    res.set('Cache-Control', 'no-store').set('Set-Cookie', sessionCookie(ctx.session!.id, session.ttlSeconds));
    res.redirect(303, ctx.returnTo!);
  };
}

export function createSamlRouter(deps: AppDeps): Router {
  const credentials = loadSpCredentials(deps.config.saml);
  const resolver = createSamlOptionsResolver({
    publicUrl: deps.config.publicUrl,
    credentials,
    clockSkewSeconds: deps.config.saml.clockSkewSeconds,
  });
  const edge: SamlEdge = { deps, passport: createSamlPassport(resolver), resolver, credentials };
  const router = Router();
  router.get('/saml/:tenant/metadata', metadataHandler(edge));
  const ipCheck = samlIpCheck(createIpGate(deps));
  router.get('/saml/:tenant/login', ipCheck, loginHandler(edge));
  router.post('/saml/:tenant/acs', ipCheck, acsBodyParser(deps.config.saml.bodyLimit), acsHandler(edge));
  // Anything else under /saml (a bookmarked ACS, a typo) gets the page too, not JSON.
  router.use('/saml', (_req, _res, next) => next(new RosterError('not_found', 'no such SAML endpoint')));
  router.use('/saml', errorPage);
  return router;
}
