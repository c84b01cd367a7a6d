import type { RequestHandler, Router } from 'express';
import {
  applyPreset,
  getAccessPolicy,
  listRoles,
  loadRolePolicy,
  putRole,
  putRoleMapping,
  deleteRole,
  type RoleDoc,
} from '../access/index.js';
import { roleDefinitionOf } from '../access/index.js';
import { compileRoles, permissionsOfRole, type RoleMapping } from '../rbac/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, parse, principalOf } from './http-input.js';
import { mappingSchema, presetSchema, roleSchema } from './schemas.js';

// Admin API for roles, presets and the group→role mapping.

function roleView(doc: RoleDoc, effective: string[]) {
  const { _id, tenantId, ...rest } = doc;
  return { ...rest, effectivePermissions: effective };
}

export function mountRoleRoutes(router: Router, ctx: AuthzContext, guard: PermissionGuard, json: RequestHandler): void {
  router.get('/v1/roles', guard.requirePermission(P.rolesRead), async (_req, res) => {
    const { tenantId } = principalOf(res);
    const [roles, policy] = await Promise.all([
      listRoles(ctx.directory, tenantId),
      getAccessPolicy(ctx.directory, tenantId),
    ]);
    const catalog = compileRoles(roles.map(roleDefinitionOf));
    res.json({
      preset: policy.preset ?? null,
      roles: roles.map((r) => roleView(r, permissionsOfRole(catalog, r.name))),
    });
  });

  router.put('/v1/roles/:name', json, guard.requirePermission(P.rolesManage), async (req, res) => {
    const principal = principalOf(res);
    const body = parse(roleSchema, req.body);
    const doc = await putRole(
      ctx.directory,
      principal.tenantId,
      { name: param(req, 'name'), ...body },
      principal.actor,
    );
    ctx.catalogs.forget(principal.tenantId);
    const policy = await loadRolePolicy(ctx.store, principal.tenantId);
    res.json(roleView(doc, permissionsOfRole(policy.catalog, doc.name)));
  });

  router.delete('/v1/roles/:name', guard.requirePermission(P.rolesManage), async (req, res) => {
    const principal = principalOf(res);
    await deleteRole(ctx.directory, principal.tenantId, param(req, 'name'), principal.actor);
    ctx.catalogs.forget(principal.tenantId);
    res.status(204).end();
  });

  router.post(
    '/v1/roles/preset',
    json,
    guard.requirePermission(P.rolesManage, P.mappingsManage, P.aclsManage),
    async (req, res) => {
      const principal = principalOf(res);
      const { preset } = parse(presetSchema, req.body);
      const policy = await applyPreset(ctx.directory, principal.tenantId, preset, principal.actor);
      ctx.catalogs.forget(principal.tenantId);
      res.json({
        preset: policy.preset,
        roles: (await listRoles(ctx.directory, principal.tenantId)).map((r) => r.name),
      });
    },
  );

  router.get('/v1/role-mapping', guard.requirePermission(P.rolesRead), async (_req, res) => {
    const { strategy, defaultRole, rules } = await getAccessPolicy(ctx.directory, principalOf(res).tenantId);
    res.json({ strategy, defaultRole, rules });
  });

  router.put('/v1/role-mapping', json, guard.requirePermission(P.mappingsManage), async (req, res) => {
    const principal = principalOf(res);
    const mapping = parse(mappingSchema, req.body) as RoleMapping;
    const { strategy, defaultRole, rules } = await putRoleMapping(
      ctx.directory,
      principal.tenantId,
      mapping,
      principal.actor,
    );
    res.json({ strategy, defaultRole, rules });
  });
}
