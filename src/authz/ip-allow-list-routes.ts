import type { RequestHandler, Router } from 'express';
import { getTenant, setIpAllowLists } from '../tenants/index.js';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { parse, principalOf } from './http-input.js';
import { ipAllowListsSchema } from './schemas.js';

// Admin API for the calling key's tenant's IP allow-lists (src/tenants/ip-allow-lists.ts). A
// change applies at once in this process and within a second in every other one.

export function mountIpAllowListRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  json: RequestHandler,
): void {
  router.get('/v1/ip-allow-lists', guard.requirePermission(P.networkRead), async (_req, res) => {
    const tenant = await getTenant(ctx.directory, principalOf(res).tenantId);
    res.json(tenant.ipAllowLists ?? {});
  });

  router.put('/v1/ip-allow-lists', json, guard.requirePermission(P.networkManage), async (req, res) => {
    const principal = principalOf(res);
    const lists = await setIpAllowLists(ctx.directory, {
      tenantId: principal.tenantId,
      lists: parse(ipAllowListsSchema, req.body),
      actor: principal.actor,
    });
    ctx.ips.clear();
    res.json(lists);
  });
}
