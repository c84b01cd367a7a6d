import type { Request, RequestHandler, Response, Router } from 'express';
import { TOKENS_PER_DAY_BY_PLAN } from '../../config/quotas.js';
import {
  getAccessPolicy,
  getScopedKey,
  putQuotaOverrides,
  type Meter,
  type UsageReport,
  type UsageSubject,
} from '../access/index.js';
import { getTenant } from '../tenants/index.js';
import { RosterError, sendProblem } from '../errors/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { parse, principalOf } from './http-input.js';
import type { Principal } from './principal.js';
import { quotaSchema, usageSchema } from './schemas.js';

// Usage quotas and rate limits (design 000 Steps 5-6), counted in Redis. A scoped key meters
// itself (no extra permission); an admin key needs usage:record and may name a key to charge.

async function usageSubject(ctx: AuthzContext, principal: Principal, keyId?: string): Promise<UsageSubject> {
  const [tenant, policy] = await Promise.all([
    getTenant(ctx.directory, principal.tenantId),
    getAccessPolicy(ctx.directory, principal.tenantId),
  ]);
  const subject: UsageSubject = { tenant, overrides: policy.quotas };
  if (principal.kind === 'scoped') return { ...subject, key: { id: principal.keyId, limits: principal.key.limits } };
  if (keyId === undefined) return subject;
  const key = await getScopedKey(ctx.directory, principal.tenantId, keyId);
  return { ...subject, key: { id: key._id, limits: key.limits } };
}

/** 429 as problem+json with the meters and Retry-After; the per-minute limit is rate_limited. */
function meterNamed(report: UsageReport, name: string): Meter {
  const [scope, field] = name.split('.') as ['tenant' | 'key', string];
  return (report[scope] as unknown as Record<string, Meter>)[field];
}

function refuse(res: Response, report: UsageReport, now: Date): void {
  const meter = meterNamed(report, report.exceeded!);
  const retryAfter = Math.max(1, Math.ceil((Date.parse(meter.resetAt) - now.getTime()) / 1000));
  res.setHeader('retry-after', String(retryAfter));
  const code = report.exceeded === 'key.requestsPerMinute' ? 'rate_limited' : 'quota_exceeded';
  sendProblem(
    res,
    new RosterError(code, `${report.exceeded} exhausted until ${meter.resetAt}`, { details: { ...report } }),
  );
}

function keyQuery(req: Request): string | undefined {
  return typeof req.query.key === 'string' ? req.query.key : undefined;
}

export function mountUsageRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  router.post('/v1/usage', json, guard.authenticate, async (req, res) => {
    const principal = principalOf(res);
    if (principal.kind === 'admin') {
      const may = principal.check(P.usageRecord);
      if (!may.allow) return guard.deny(req, res, principal, P.usageRecord, may);
    }
    const body = parse(usageSchema, req.body);
    if (body.tenant !== undefined && body.tenant !== principal.tenantId)
      return guard.denyTenant(req, res, principal, body.tenant);
    const report = await ctx.quotas.consume(await usageSubject(ctx, principal, keyQuery(req)), body);
    if (!report.allowed) return refuse(res, report, ctx.now());
    res.json(report);
  });

  router.get('/v1/usage', guard.authenticate, async (req, res) => {
    const principal = principalOf(res);
    if (principal.kind === 'admin') {
      const may = principal.check(P.usageView);
      if (!may.allow) return guard.deny(req, res, principal, P.usageView, may);
    }
    res.json(await ctx.quotas.status(await usageSubject(ctx, principal, keyQuery(req))));
  });

  router.get('/v1/quotas', guard.requirePermission(P.usageView), async (_req, res) => {
    const { tenantId } = principalOf(res);
    const [tenant, policy] = await Promise.all([
      getTenant(ctx.directory, tenantId),
      getAccessPolicy(ctx.directory, tenantId),
    ]);
    res.json({
      plan: tenant.plan,
      requestsPerDay: policy.quotas.requestsPerDay ?? tenant.settings.maxRequestsPerDay,
      tokensPerDay: policy.quotas.tokensPerDay ?? TOKENS_PER_DAY_BY_PLAN[tenant.plan],
      overrides: policy.quotas,
    });
  });

  router.put('/v1/quotas', json, guard.requirePermission(P.quotasManage), async (req, res) => {
    const principal = principalOf(res);
    const policy = await putQuotaOverrides(
      ctx.directory,
      principal.tenantId,
      parse(quotaSchema, req.body),
      principal.actor,
    );
    res.json({ overrides: policy.quotas });
  });
}
