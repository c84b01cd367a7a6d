import type { RequestHandler, Router } from 'express';
import { findResourceAcls } from '../access/index.js';
import { checkAcl, compileAcls, memberOf } from '../rbac/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import { auditCatalogueDenials } from './decision-audit.js';
import type { PermissionGuard } from './guard.js';
import { parse, principalOf } from './http-input.js';
import { catalogueFilterSchema } from './schemas.js';
import { readsFor, resolveSubject } from './subject-resolver.js';

// POST /v1/catalogue/filter (design 002 filterByPermissions): the application sends
// its catalogue of one kind and gets back only what the subject may use; unlisted items are
// dropped (deny by default), and each dropped id comes with its reason.

export function mountCatalogueRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  router.post('/v1/catalogue/filter', json, guard.authenticate, async (req, res) => {
    const body = parse(catalogueFilterSchema, req.body);
    const principal = principalOf(res);
    if (body.tenant !== undefined && body.tenant !== principal.tenantId)
      return guard.denyTenant(req, res, principal, body.tenant);
    const reads = readsFor(ctx.store, principal, ctx.snapshot);
    const resolved = await resolveSubject(reads, ctx, principal, body.subject);
    if (!resolved.self) {
      const may = principal.check(P.authorize);
      if (!may.allow) return guard.deny(req, res, principal, P.authorize, may);
    }
    const ids = Object.keys(body.items);
    const subject = resolved.subject?.user.active === false ? null : resolved.subject;
    const [policy, entries, groups] = await Promise.all([
      reads.policy(),
      findResourceAcls(ctx.directory, principal.tenantId, body.kind, ids),
      subject ? reads.groups(subject.user._id) : Promise.resolve([]),
    ]);
    const index = compileAcls(
      entries.filter((e) => e.kind === body.kind),
      { adminGroups: policy?.adminGroups ?? [], kinds: policy?.resourceKinds ?? [] },
    );
    const names = memberOf(groups);
    const items: Record<string, unknown> = {};
    const denied: Record<string, string> = {};
    for (const id of ids) {
      const decision = subject
        ? checkAcl(index, names, body.kind, id, subject.check)
        : { allow: false, reason: 'denied: unknown or inactive subject' };
      if (decision.allow) items[id] = body.items[id];
      else denied[id] = decision.reason;
    }
    await auditCatalogueDenials(ctx, req, res, principal, { subject: body.subject, kind: body.kind, denied });
    res.json({ items, denied });
  });
}
