import type { RequestHandler, Router } from 'express';
import { RosterError } from '../errors/index.js';
import { ROSTER_PERMISSIONS } from './admin-permissions.js';
import { capabilitiesOf } from './capabilities.js';
import type { AuthzContext } from './context.js';
import type { PermissionGuard } from './guard.js';
import { param, principalOf } from './http-input.js';
import { readsFor, resolveSubject } from './subject-resolver.js';

// GET /v1/users/{id}/capabilities (design 002 "my capabilities"): the tenant is the calling key's.
// `me` names the scoped key's own user, seen through the key.

export function mountCapabilitiesRoutes(
  router: Router,
  ctx: AuthzContext,
  guard: PermissionGuard,
  _json: RequestHandler,
): void {
  router.get('/v1/users/:id/capabilities', guard.authenticate, async (req, res) => {
    const principal = principalOf(res);
    const id = param(req, 'id');
    const reads = readsFor(ctx.store, principal, ctx.snapshot);
    const resolved = await resolveSubject(reads, ctx, principal, id === 'me' ? undefined : id);
    if (!resolved.self) {
      const may = principal.check(ROSTER_PERMISSIONS.authorize);
      if (!may.allow) return guard.deny(req, res, principal, ROSTER_PERMISSIONS.authorize, may);
    }
    if (!resolved.subject)
      throw new RosterError('not_found', `user ${id} does not exist in tenant ${principal.tenantId}`);
    res.json(await capabilitiesOf(ctx.store, reads, resolved.subject));
  });
}
