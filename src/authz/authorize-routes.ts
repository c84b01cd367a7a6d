import type { RequestHandler, Response, Router } from 'express';
import { DENY, type Decision } from '../rbac/index.js';
import { ROSTER_PERMISSIONS } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import { decide } from './decide.js';
import type { PermissionGuard } from './guard.js';
import { auditDecisions } from './decision-audit.js';
import { parse, principalOf } from './http-input.js';
import type { Principal } from './principal.js';
import { authorizeSchema, batchSchema, type CheckInput } from './schemas.js';
import { readsFor, resolveSubject } from './subject-resolver.js';
import type { RequestReads } from '../access/index.js';

// POST /v1/authorize and /v1/authorize/batch: the application behind Roster asks
// "may this subject do this (on this)?" and gets {allow, reason}. Denials are always audited
// (tallied, src/authz/decision-audit.ts); grants when the caller sets audit: true. Asking about someone else needs
// authz:check; a scoped key may always ask about itself.

interface Asked {
  decision: Decision;
  /** Set when the caller may not ask this question at all. */
  refused?: Decision;
}

async function ask(ctx: AuthzContext, reads: RequestReads, principal: Principal, check: CheckInput): Promise<Asked> {
  const resolved = await resolveSubject(reads, ctx, principal, check.subject);
  if (!resolved.self) {
    const may = principal.check(ROSTER_PERMISSIONS.authorize);
    if (!may.allow) return { decision: may, refused: may };
  }
  if (!resolved.subject) return { decision: DENY.unknownSubject };
  return { decision: await decide(reads, resolved.subject, check) };
}

/**
 * res.json would also hash the body into an ETag and test request freshness: nothing a client
 * of a POST decision uses (RFC 9110 §9.3.3: a POST response is not reused by a cache), and a
 * hash per request on the hottest route.
 */
function sendJson(res: Response, body: unknown): void {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export function mountAuthorizeRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  router.post('/v1/authorize', json, guard.authenticate, async (req, res) => {
    const body = parse(authorizeSchema, req.body);
    const principal = principalOf(res);
    if (body.tenant !== undefined && body.tenant !== principal.tenantId)
      return guard.denyTenant(req, res, principal, body.tenant);
    const asked = await ask(ctx, readsFor(ctx.store, principal, ctx.snapshot), principal, body);
    if (asked.refused) return guard.deny(req, res, principal, ROSTER_PERMISSIONS.authorize, asked.refused);
    await auditDecisions(ctx, req, res, principal, [{ check: body, decision: asked.decision }], body.audit === true);
    sendJson(res, { allow: asked.decision.allow, reason: asked.decision.reason });
  });

  router.post('/v1/authorize/batch', json, guard.authenticate, async (req, res) => {
    const body = parse(batchSchema, req.body);
    const principal = principalOf(res);
    if (body.tenant !== undefined && body.tenant !== principal.tenantId)
      return guard.denyTenant(req, res, principal, body.tenant);
    const reads = readsFor(ctx.store, principal, ctx.snapshot);
    const checks = body.checks.map((c) => ({ ...c, subject: c.subject ?? body.subject }));
    const asked = await Promise.all(checks.map((c) => ask(ctx, reads, principal, c)));
    const refused = asked.find((a) => a.refused);
    if (refused) return guard.deny(req, res, principal, ROSTER_PERMISSIONS.authorize, refused.refused!);
    const items = checks.map((check, i) => ({ check, decision: asked[i].decision }));
    await auditDecisions(ctx, req, res, principal, items, body.audit === true);
    sendJson(res, { results: asked.map(({ decision }) => ({ allow: decision.allow, reason: decision.reason })) });
  });
}
