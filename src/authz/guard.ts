import type { Request, RequestHandler, Response } from 'express';
import type { Actor, AuditInput } from '../audit/index.js';
import { RosterError, sendProblem } from '../errors/index.js';
import { checkAll, checkAny, type Decision } from '../rbac/index.js';
import type { AuthzContext } from './context.js';
import { rejectionAuditKey, tooManyFailures } from '../auth-failures/index.js';
import { requestIdOf } from './http-input.js';
import { resolvePrincipal, type Principal } from './principal.js';

// requirePermission (design 000 Step 3, design 001 Step 2): 401 without a valid key, 403 naming the
// missing permission, both as problem+json (RFC 9457), and an audit record on every denial.

/** Audit records of requests that name no verifiable tenant are filed under this pseudo-tenant. */
export const UNAUTHENTICATED_TENANT = '_unauthenticated';
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export interface PermissionGuard {
  authenticate: RequestHandler;
  /** Every permission is required; the first missing one is named. */
  requirePermission(...permissions: string[]): RequestHandler;
  /** Any one permission suffices (design 001 hasAnyPermission). */
  requireAnyPermission(...permissions: string[]): RequestHandler;
  /** Answers 403 for `permission` and audits it; for checks a route makes itself. */
  deny(req: Request, res: Response, principal: Principal, permission: string, decision: Decision): Promise<void>;
  /** Answers 403 when a key names another tenant than its own, and audits it. */
  denyTenant(req: Request, res: Response, principal: Principal, tenant: string): Promise<void>;
}

export function createPermissionGuard(ctx: AuthzContext): PermissionGuard {
  // Tallied (src/audit/tally-buffer.ts): a key looping on a forbidden route adds one row a minute.
  async function auditDenial(tenantId: string, entry: AuditInput): Promise<void> {
    await ctx.denials.add(tenantId, [entry]);
  }

  async function reject(req: Request, res: Response, error: RosterError): Promise<void> {
    const actor: Actor = { type: 'anonymous', id: 'anonymous' };
    // One record per address × minute with a count, so a flood adds a bounded number of rows.
    await ctx.recorder.recordRepeated(ctx.store, UNAUTHENTICATED_TENANT, [
      {
        key: rejectionAuditKey(req.ip),
        entry: {
          action: 'api_key.rejected',
          actor,
          outcome: 'denied',
          reason: error.message,
          sourceIp: req.ip,
          requestId: requestIdOf(res),
          details: { method: req.method, path: req.path },
        },
      },
    ]);
    const throttled = error.status === 401 ? await ctx.authFailures.failed(req.ip ?? 'unknown', undefined) : undefined;
    if (throttled !== undefined) return sendProblem(res, tooManyFailures(throttled));
    if (error.status === 401) res.setHeader('www-authenticate', 'Bearer realm="roster"');
    sendProblem(res, error);
  }

  /** 429 before anything is verified for an address over its failed-authentication limit. */
  function throttled(req: Request, res: Response): boolean {
    const wait = ctx.authFailures.blockedFor(req.ip ?? 'unknown');
    if (wait !== undefined) sendProblem(res, tooManyFailures(wait));
    return wait !== undefined;
  }

  async function deny(
    req: Request,
    res: Response,
    principal: Principal,
    permission: string,
    decision: Decision,
  ): Promise<void> {
    await auditDenial(principal.tenantId, {
      action: 'access.denied',
      actor: principal.actor,
      target: { type: 'permission', id: permission },
      outcome: 'denied',
      reason: decision.reason,
      sourceIp: req.ip,
      requestId: requestIdOf(res),
      details: { method: req.method, path: req.path },
    });
    sendProblem(
      res,
      new RosterError('permission_denied', `missing permission ${permission}`, {
        details: { permission, reason: decision.reason },
      }),
    );
  }

  async function denyTenant(req: Request, res: Response, principal: Principal, tenant: string): Promise<void> {
    const reason = `denied: key belongs to tenant ${principal.tenantId}`;
    await auditDenial(principal.tenantId, {
      action: 'access.denied',
      actor: principal.actor,
      target: { type: 'tenant', id: tenant },
      outcome: 'denied',
      reason,
      sourceIp: req.ip,
      requestId: requestIdOf(res),
      details: { method: req.method, path: req.path },
    });
    sendProblem(
      res,
      new RosterError('forbidden', `this key belongs to tenant ${principal.tenantId}, not ${tenant}`, {
        details: { reason },
      }),
    );
  }

  /** The tenant's `api` IP allow-list (src/tenants/ip-gate.ts audits a refusal); false once 403 is answered. */
  async function ipAllowed(req: Request, res: Response, principal: Principal): Promise<boolean> {
    const allowed = await ctx.ips.allows({
      tenantId: principal.tenantId,
      surface: 'api',
      ip: req.ip,
      requestId: requestIdOf(res),
      path: req.path,
    });
    if (!allowed)
      sendProblem(
        res,
        new RosterError('ip_not_allowed', `requests from ${req.ip} are not on this tenant's API IP allow-list`),
      );
    return allowed;
  }

  /** The verified caller, or undefined once a 401 or 403 has been answered. */
  async function principalFor(req: Request, res: Response): Promise<Principal | undefined> {
    if (res.locals.principal) return res.locals.principal as Principal;
    if (throttled(req, res)) return undefined;
    const secret = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!secret) {
      await reject(
        req,
        res,
        new RosterError('unauthenticated', 'an API key is required: Authorization: Bearer rst_key_… or rst_sk_…'),
      );
      return undefined;
    }
    try {
      const principal = await resolvePrincipal(ctx.directory, ctx.keys, secret);
      if (!(await ipAllowed(req, res, principal))) return undefined;
      return (res.locals.principal = principal);
    } catch (err) {
      // 401: unknown, revoked or expired; 403: a key still waiting for approval.
      if (!(err instanceof RosterError && (err.status === 401 || err.code === 'key_pending_approval'))) throw err;
      await reject(req, res, err);
      return undefined;
    }
  }

  const authenticate: RequestHandler = async (req, res, next) => {
    if (await principalFor(req, res)) next();
  };

  function guard(permissions: string[], decideAll: boolean): RequestHandler {
    return async (req, res, next) => {
      const principal = await principalFor(req, res);
      if (!principal) return;
      const decision = decideAll ? checkAll(principal.check, permissions) : checkAny(principal.check, permissions);
      if (decision.allow) return next();
      await deny(req, res, principal, decision.permission, decision);
    };
  }

  return {
    authenticate,
    requirePermission: (...permissions) => guard(permissions, true),
    requireAnyPermission: (...permissions) => guard(permissions, false),
    deny,
    denyTenant,
  };
}
