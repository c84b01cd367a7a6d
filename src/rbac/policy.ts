import { compileAcls, type AclEntry, type AclIndex, type AclPolicy } from './acl.js';
import { assertMapping, type RoleMapping } from './group-mapping.js';
import { compileRoles, type RoleCatalog, type RoleDefinition } from './role-catalog.js';

/** Everything a tenant declares about access, as written (a preset, or the stored documents). */
export interface PolicyDefinition {
  roles: RoleDefinition[];
  mapping: RoleMapping;
  acl: AclPolicy & { entries: AclEntry[] };
}

/** A tenant's access policy compiled once: the catalog, the mapping and the ACL index. */
export interface CompiledPolicy {
  readonly catalog: RoleCatalog;
  readonly mapping: RoleMapping;
  readonly acls: AclIndex;
}

/** Validates the parts against each other (a mapping may only name defined roles). */
export function compilePolicy(def: PolicyDefinition): CompiledPolicy {
  const catalog = compileRoles(def.roles);
  assertMapping(def.mapping, catalog);
  return Object.freeze({ catalog, mapping: def.mapping, acls: compileAcls(def.acl.entries, def.acl) });
}
