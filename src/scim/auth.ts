import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Actor } from '../audit/index.js';
import { createCredentialCache } from '../credentials/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import { tenantExists } from '../tenants/index.js';
import { type AuthFailureThrottle, rejectionAuditKey, tooManyFailures } from '../auth-failures/index.js';

// Bearer authentication per tenant (RFC 6750 §2.1, RFC 7644 §2). The token is looked up within
// the tenant named in the URL, so another tenant's token, like a wrong, revoked or expired one,
// is a 401. Rejections of a real tenant are audited as scim_token.rejected.

export interface ScimRequestContext {
  tenantId: string;
  actor: Actor;
  /** Absolute base URL of this tenant's SCIM service, for meta.location and Location. */
  baseUrl: string;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

export function scimContext(res: Response): ScimRequestContext {
  return res.locals.scim as ScimRequestContext;
}

async function auditRejection(deps: DomainDeps, req: Request, tenantId: string, reason: string): Promise<void> {
  if (!(await tenantExists(deps, tenantId))) return;
  const requestId = String(req.res?.getHeader('x-request-id') ?? '') || undefined;
  // One record per address × tenant × minute, counting the rejections (src/auth-failures).
  await deps.recorder.recordRepeated(deps.store, tenantId, [
    {
      key: rejectionAuditKey(req.ip),
      entry: {
        action: 'scim_token.rejected',
        actor: { type: 'anonymous', id: 'scim-client' },
        outcome: 'denied',
        reason,
        ...(req.ip ? { sourceIp: req.ip } : {}),
        ...(requestId ? { requestId } : {}),
      },
    },
  ]);
}

export function scimAuth(deps: DomainDeps, publicUrl: string, throttle: AuthFailureThrottle): RequestHandler {
  // Revocation still applies on the next request in every process (credential-cache.ts).
  const credentials = createCredentialCache(deps);
  return async (req: Request, res: Response, next: NextFunction) => {
    const tenantId = String(req.params.tenant ?? '');
    const address = req.ip ?? 'unknown';
    const wait = throttle.blockedFor(address);
    if (wait !== undefined) return next(tooManyFailures(wait));
    const secret = BEARER.exec(req.get('authorization') ?? '')?.[1];
    try {
      if (!secret)
        throw new RosterError('unauthenticated', 'a bearer token is required: Authorization: Bearer <SCIM token>');
      const credential = await credentials.verify({ kind: 'scim', secret, tenantId });
      const context: ScimRequestContext = {
        tenantId,
        actor: { type: 'scim_token', id: credential._id },
        baseUrl: `${publicUrl}${req.baseUrl}`,
      };
      res.locals.scim = context;
      next();
    } catch (err) {
      if (!(err instanceof RosterError) || err.status !== 401) return next(err);
      await auditRejection(deps, req, tenantId, err.code).catch((e: unknown) =>
        req.log?.warn({ err: e }, 'could not audit a rejected SCIM token'),
      );
      const throttled = await throttle.failed(address, tenantId);
      if (throttled !== undefined) return next(tooManyFailures(throttled));
      next(
        err.code === 'unauthenticated'
          ? err
          : new RosterError('unauthenticated', 'the bearer token is not valid for this tenant', { cause: err }),
      );
    }
  };
}
