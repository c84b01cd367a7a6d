// The authorization API and admin API edge. Domain logic lives in src/rbac
// (pure) and the domain modules (storage); this module maps HTTP onto them.
export { createAuthzRouter } from './router.js';
export type { AuthzDeps, ConnectorRouteDeps } from './context.js';
export { createAuthzContext } from './context.js';
export { createPermissionGuard, UNAUTHENTICATED_TENANT, type PermissionGuard } from './guard.js';
export { ROSTER_PERMISSIONS } from './admin-permissions.js';
export { ADMIN_KEY_PERMISSIONS, parseAdminKeyPermissions } from './admin-key-permissions.js';
export { resolvePrincipal, type Principal, type AdminKeyPrincipal, type ScopedKeyPrincipal } from './principal.js';
export { buildOpenApi } from './openapi.js';
export { capabilitiesForUser, type Capabilities } from './capabilities.js';
