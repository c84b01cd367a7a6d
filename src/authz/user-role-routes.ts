import type { RequestHandler, Router } from 'express';
import { assignRole, getUserRoles, unassignRole } from '../access/index.js';
import { getTenant, updateTenant, type TenantDoc } from '../tenants/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, parse, principalOf } from './http-input.js';
import { roleAssignSchema, tenantUpdateSchema } from './team-schemas.js';

// Direct role assignment (design 000 updateUserRole) and the tenant's plan and settings (design 000
// organizations): both audited by the domain services they call.

const tenantView = (t: TenantDoc) => ({
  id: t._id,
  name: t.name,
  plan: t.plan,
  settings: t.settings,
  updatedAt: t.updatedAt,
});

export function mountUserRoleRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  router.get('/v1/users/:id/roles', guard.requirePermission(P.rolesRead), async (req, res) => {
    res.json(await getUserRoles(ctx.directory, principalOf(res).tenantId, param(req, 'id')));
  });

  router.post('/v1/users/:id/roles', json, guard.requirePermission(P.usersManage), async (req, res) => {
    const principal = principalOf(res);
    const { role } = parse(roleAssignSchema, req.body);
    const input = { tenantId: principal.tenantId, user: param(req, 'id'), role, actor: principal.actor };
    res.json(await assignRole(ctx.directory, input));
  });

  router.delete('/v1/users/:id/roles/:role', guard.requirePermission(P.usersManage), async (req, res) => {
    const principal = principalOf(res);
    const input = { tenantId: principal.tenantId, user: param(req, 'id'), role: param(req, 'role') };
    res.json(await unassignRole(ctx.directory, { ...input, actor: principal.actor }));
  });

  router.get('/v1/tenant', guard.requirePermission(P.tenantView), async (_req, res) => {
    res.json(tenantView(await getTenant(ctx.directory, principalOf(res).tenantId)));
  });

  router.patch('/v1/tenant', json, guard.requirePermission(P.tenantManage), async (req, res) => {
    const principal = principalOf(res);
    const change = parse(tenantUpdateSchema, req.body);
    res.json(tenantView(await updateTenant(ctx.directory, principal.tenantId, { ...change, actor: principal.actor })));
  });
}
