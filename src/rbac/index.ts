// The pure, deny-by-default policy engine (docs/architecture.md): no I/O, no Express, no store.
export { allow, deny, DENY, GRANT, type Decision } from './decision.js';
export { ADMIN_ALL, assertPermissions, covers, isPermission, PERMISSION_PATTERN } from './permission.js';
export {
  compileRoles,
  permissionsOfRole,
  type CompiledRole,
  type RoleCatalog,
  type RoleDefinition,
} from './role-catalog.js';
export {
  compileScope,
  compileSubject,
  effectivePermissionsOf,
  subjectFromStored,
  type CompiledSubject,
  type StoredSubject,
  type SubjectInput,
} from './subject.js';
export {
  check,
  checkAll,
  checkAny,
  checkerOf,
  checkScoped,
  scopedCheckerOf,
  type Checker,
  type NamedDecision,
} from './check.js';
export { checkOwned, type OwnedResource, type Requester } from './ownership.js';
export {
  accessibleIds,
  assertKind,
  BUILT_IN_KINDS,
  checkAcl,
  compileAcls,
  filterCatalogue,
  memberOf,
  type AclEntry,
  type AclIndex,
  type AclPolicy,
  type GroupRef,
  type MemberOf,
} from './acl.js';
export { checkModel, tierOf, tierPermission, usableModels, type ModelAccessInput } from './models.js';
export {
  assertMapping,
  mapGroupsToRoles,
  mappingNames,
  MAPPING_STRATEGIES,
  type MappingRule,
  type MappingStrategy,
  type RoleMapping,
} from './group-mapping.js';
export { compilePolicy, type CompiledPolicy, type PolicyDefinition } from './policy.js';
export {
  isTeamRole,
  TEAM_ROLE_ACTIONS,
  TEAM_ROLES,
  teamActionPermissions,
  teamPermissions,
  type TeamRole,
} from './team-roles.js';
