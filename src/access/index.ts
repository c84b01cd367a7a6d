// Access: roles, group-to-role mappings, resource ACLs, presets, effective roles, scoped keys
// and quotas, stored per tenant and compiled into src/rbac policies.
export {
  initialRoles,
  recomputeEffectiveRoles,
  groupFeedsRoles,
  recomputeTenant,
  type InitialRoles,
} from './effective-roles.js';
export { createPolicyCache, type PolicyCache } from './policy-cache.js';
export { createReadSnapshot, type ReadSnapshot } from './read-snapshot.js';
export type {
  AccessPolicyDoc,
  AdminKeyDoc,
  ApiKeyDoc,
  KeyLimits,
  QuotaOverrides,
  ResourceAclDoc,
  RoleDoc,
  ScopedKeyDoc,
} from './access-docs.js';
export { loadPolicy, loadRolePolicy } from './access-policy.js';
export { listRoles, putRole, deleteRole } from './roles-admin.js';
export { getAccessPolicy, putRoleMapping, putAclPolicy, putQuotaOverrides } from './access-policy-admin.js';
export {
  listResourceAcls,
  findResourceAcls,
  putResourceAcl,
  deleteResourceAcl,
  declareResourceAcls,
} from './resource-acls.js';
export { applyPreset } from './access-presets.js';
export { setUserPermissions } from './user-permissions.js';
export { assignRole, unassignRole, getUserRoles, userRolesOf, type UserRoles } from './role-assignments.js';
export type { TeamGrant } from './team-grants.js';
export {
  approveScopedKey,
  createScopedKey,
  getScopedKey,
  listScopedKeys,
  revokeScopedKey,
  type CreateScopedKeyInput,
} from './scoped-keys.js';
export { createQuotaService, type QuotaService, type UsageReport, type UsageSubject, type Meter } from './quotas.js';
export * from './subjects.js';
export { roleDefinitionOf } from './access-policy.js';
export { toRoleDoc } from './roles-admin.js';
