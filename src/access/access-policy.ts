import { compilePolicy, type CompiledPolicy, type PolicyDefinition } from '../rbac/index.js';
import type { Db } from '../store/index.js';
import type { AccessPolicyDoc, ResourceAclDoc, RoleDoc } from './access-docs.js';

/** A tenant with no stored policy has no roles, no rules and no ACLs: everything is denied. */
export function emptyPolicyDoc(tenantId: string, time: string): AccessPolicyDoc {
  return {
    _id: tenantId,
    tenantId,
    strategy: 'highest',
    defaultRole: null,
    rules: [],
    adminGroups: [],
    resourceKinds: [],
    quotas: {},
    updatedAt: time,
  };
}

export async function readPolicyDoc(db: Db, tenantId: string): Promise<AccessPolicyDoc | null> {
  return db.collection<AccessPolicyDoc>('roleMappings').findOne({ _id: tenantId, tenantId });
}

export async function readRoles(db: Db, tenantId: string): Promise<RoleDoc[]> {
  return db.collection<RoleDoc>('roles').find({ tenantId }, { sort: { name: 1 } });
}

export function roleDefinitionOf(doc: RoleDoc): PolicyDefinition['roles'][number] {
  return {
    name: doc.name,
    description: doc.description,
    permissions: doc.permissions,
    inherits: doc.inherits,
    ...(doc.rank === undefined ? {} : { rank: doc.rank }),
  };
}

export function definitionOf(
  roles: RoleDoc[],
  doc: AccessPolicyDoc | null,
  acls: ResourceAclDoc[] = [],
): PolicyDefinition {
  const policy = doc ?? emptyPolicyDoc('', '');
  return {
    roles: roles.map(roleDefinitionOf),
    mapping: { strategy: policy.strategy, defaultRole: policy.defaultRole, rules: policy.rules },
    acl: {
      adminGroups: policy.adminGroups,
      kinds: policy.resourceKinds,
      entries: acls.map((a) => ({ kind: a.kind, resourceId: a.resourceId, groups: a.groups })),
    },
  };
}

/** Roles and mapping only: what effective-role recomputation needs (ACLs never change roles). */
export async function loadRolePolicy(db: Db, tenantId: string): Promise<CompiledPolicy> {
  // Sequential on purpose: a MongoDB transaction runs one operation at a time on its session.
  const roles = await readRoles(db, tenantId);
  const doc = await readPolicyDoc(db, tenantId);
  return compilePolicy(definitionOf(roles, doc));
}

/** The whole compiled policy of a tenant, ACL entries included. */
export async function loadPolicy(db: Db, tenantId: string): Promise<CompiledPolicy & { doc: AccessPolicyDoc | null }> {
  const roles = await readRoles(db, tenantId);
  const doc = await readPolicyDoc(db, tenantId);
  const acls = await db.collection<ResourceAclDoc>('resourceAcls').find({ tenantId });
  return { ...compilePolicy(definitionOf(roles, doc, acls)), doc };
}
