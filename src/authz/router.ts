import express, { Router } from 'express';
import { problemErrorHandler } from '../errors/index.js';
import { mountAclRoutes } from './acl-routes.js';
import { mountAuthorizeRoutes } from './authorize-routes.js';
import { mountCapabilitiesRoutes } from './capabilities-routes.js';
import { mountCatalogueRoutes } from './catalogue-routes.js';
import { createAuthzContext, type AuthzDeps } from './context.js';
import { createPermissionGuard, type PermissionGuard } from './guard.js';
import { mountKeyRoutes } from './key-routes.js';
import { buildOpenApi } from './openapi.js';
import { mountRoleRoutes } from './role-routes.js';
import { mountUsageRoutes } from './usage-routes.js';

const PATHS = ['/v1/authorize', '/v1/users', '/v1/roles', '/v1/role-mapping', '/v1/acls', '/v1/acl-policy', '/v1/keys', '/v1/usage', '/v1/quotas', '/v1/catalogue'];

/**
 * The authorization API and the admin API for roles, mappings, ACLs, keys and quotas, with
 * /v1/openapi.json. Mount with `app.use(createAuthzRouter(deps))`; it handles only its own paths,
 * parses JSON bodies itself when nothing earlier did, and answers errors as problem+json.
 */
export function createAuthzRouter(deps: AuthzDeps): Router & { guard: PermissionGuard } {
  const ctx = createAuthzContext(deps);
  const guard = createPermissionGuard(ctx);
  const router = Router();
  router.use(PATHS, express.json({ limit: deps.config?.bodyLimit ?? '1mb' }));
  const openapi = JSON.stringify(buildOpenApi());
  router.get('/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });
  mountAuthorizeRoutes(router, ctx, guard);
  mountCapabilitiesRoutes(router, ctx, guard);
  mountCatalogueRoutes(router, ctx, guard);
  mountRoleRoutes(router, ctx, guard);
  mountAclRoutes(router, ctx, guard);
  mountKeyRoutes(router, ctx, guard);
  mountUsageRoutes(router, ctx, guard);
  router.use(problemErrorHandler);
  return Object.assign(router, { guard });
}
