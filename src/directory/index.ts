export * from './types.js';
export { nowIso, type DirectoryDeps } from './deps.js';
export { SECRET_PREFIXES, generateSecret, hashSecret, digestsEqual, secretKindOf, type SecretKind } from './secrets.js';
export {
  createCredential,
  revokeCredential,
  listCredentials,
  verifyCredential,
  type CredentialDoc,
  type CreateCredentialInput,
} from './credentials.js';
export { createTenant, getTenant, listTenants, updateTenant, assertSlug, assertPlan, type CreateTenantInput } from './tenants.js';
export { newId } from './ids.js';
export type { WriteContext, Page, PageOptions } from './directory-helpers.js';
export {
  USER_ATTRIBUTE_KEYS,
  createUser,
  getUser,
  findUsers,
  updateUser,
  deleteUser,
  userAttributesOf,
  type UserAttributes,
} from './users.js';
export {
  GROUP_ATTRIBUTE_KEYS,
  createGroup,
  getGroup,
  findGroups,
  updateGroup,
  deleteGroup,
  groupAttributesOf,
  type GroupAttributes,
  type GroupChange,
  type GroupUpdate,
} from './groups.js';
export { applyMemberChanges, memberIdsOf, groupIdsOf, type MemberChange, type MemberDelta } from './memberships.js';
export { samlLogin, recordLoginFailure, type SamlLoginResult, type LoginFailure } from './saml-login.js';
export { TRANSIENT_NAMEID, type SamlLoginClaims, type SamlGroupClaim, type SamlLoginContext, type MatchedBy } from './saml-login-types.js';
// Access policy (issue 4): effective roles, roles, mappings, ACLs, presets, scoped keys, quotas.
export { recomputeEffectiveRoles, recomputeTenant } from './effective-roles.js';
export type { AccessPolicyDoc, AdminKeyDoc, ApiKeyDoc, KeyLimits, QuotaOverrides, ResourceAclDoc, RoleDoc, ScopedKeyDoc } from './access-docs.js';
export { loadPolicy, loadRolePolicy } from './access-policy.js';
export { listRoles, putRole, deleteRole } from './roles-admin.js';
export { getAccessPolicy, putRoleMapping, putAclPolicy, putQuotaOverrides } from './access-policy-admin.js';
export { listResourceAcls, putResourceAcl, deleteResourceAcl, declareResourceAcls } from './resource-acls.js';
export { applyPreset } from './access-presets.js';
export { setUserPermissions } from './user-permissions.js';
export { approveScopedKey, createScopedKey, listScopedKeys, revokeScopedKey, type CreateScopedKeyInput } from './scoped-keys.js';
export { createQuotaService, type QuotaService, type UsageReport, type UsageSubject, type Meter } from './quotas.js';
