import express, { Router } from 'express';
import { problemErrorHandler } from '../errors/index.js';
import { mountAclRoutes } from './acl-routes.js';
import { mountAuditRoutes } from './audit-routes.js';
import { mountAuthorizeRoutes } from './authorize-routes.js';
import { mountCapabilitiesRoutes } from './capabilities-routes.js';
import { mountCatalogueRoutes } from './catalogue-routes.js';
import { mountConnectorRoutes } from './connector-routes.js';
import { createAuthzContext, type AuthzDeps } from './context.js';
import { mountEventsRoutes } from './events-routes.js';
import { createPermissionGuard, type PermissionGuard } from './guard.js';
import { mountIpAllowListRoutes } from './ip-allow-list-routes.js';
import { mountKeyRoutes } from './key-routes.js';
import { buildOpenApi } from './openapi.js';
import { mountRoleRoutes } from './role-routes.js';
import { mountSiemRoutes } from './siem-routes.js';
import { mountUsageRoutes } from './usage-routes.js';
import { mountTeamRoutes } from './team-routes.js';
import { mountUserRoleRoutes } from './user-role-routes.js';

/**
 * The authorization API and the admin API for roles, mappings, ACLs, keys and quotas, with
 * /v1/openapi.json. Mount with `app.use(createAuthzRouter(deps))`; it handles only its own paths,
 * parses JSON bodies itself when nothing earlier did, and answers errors as problem+json.
 */
export function createAuthzRouter(deps: AuthzDeps): Router & { guard: PermissionGuard } {
  const ctx = createAuthzContext(deps);
  const guard = createPermissionGuard(ctx);
  // Per route, not a path-list `use` layer every request of the app would walk through; a no-op
  // when the app already parsed the body.
  const json = express.json({ limit: deps.config.bodyLimit });
  const router = Router();
  const openapi = JSON.stringify(buildOpenApi());
  router.get('/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });
  mountAuthorizeRoutes(router, ctx, guard, json);
  mountCapabilitiesRoutes(router, ctx, guard, json);
  mountCatalogueRoutes(router, ctx, guard, json);
  mountRoleRoutes(router, ctx, guard, json);
  mountAclRoutes(router, ctx, guard, json);
  mountKeyRoutes(router, ctx, guard, json);
  mountUsageRoutes(router, ctx, guard, json);
  mountConnectorRoutes(router, ctx, guard, json);
  mountSiemRoutes(router, ctx, guard, json);
  mountTeamRoutes(router, ctx, guard, json);
  mountUserRoleRoutes(router, ctx, guard, json);
  mountIpAllowListRoutes(router, ctx, guard, json);
  mountAuditRoutes(router, ctx, guard, json);
  mountEventsRoutes(router, ctx, guard);
  router.use(problemErrorHandler);
  return Object.assign(router, { guard });
}
