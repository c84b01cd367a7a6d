import type { Actor } from '../src/audit/index.js';
import { createCredential } from '../src/credentials/index.js';
import { createTenant } from '../src/tenants/index.js';
import { recomputeTenant, type AccessPolicyDoc, type ResourceAclDoc } from '../src/access/index.js';
import type { DomainDeps } from '../src/domain/index.js';
import type { GroupDoc, MembershipDoc, UserDoc } from '../src/people/index.js';
import { toRoleDoc } from '../src/access/roles-admin.js';
import { groupName, SIZES, type BenchData } from './authz-data.js';

// Writes the synthetic tenant into a real store the way the directory would hold it, then lets
// the domain derive every user's effective roles (recomputeTenant), timing that too.

const ACTOR: Actor = { type: 'system', id: 'bench' };
const T = '2025-01-01T00:00:00.000Z';

export const userId = (i: number) => `u${i}`;

function users(tenantId: string, data: BenchData): UserDoc[] {
  return Array.from({ length: SIZES.users }, (_, i) => ({
    _id: userId(i),
    tenantId,
    userName: `user${i}@bench.test`,
    userNameLower: `user${i}@bench.test`,
    active: true,
    effectiveRoles: [],
    effectivePermissions: [],
    customPermissions: [],
    deniedPermissions: data.denied[i],
    source: 'scim',
    createdAt: T,
    updatedAt: T,
    version: 1,
  }));
}

function groups(tenantId: string): GroupDoc[] {
  return Array.from({ length: SIZES.groups }, (_, i) => ({
    _id: `g${i}`,
    tenantId,
    displayName: groupName(i),
    displayNameLower: groupName(i),
    source: 'scim',
    createdAt: T,
    updatedAt: T,
    version: 1,
  }));
}

function memberships(tenantId: string, data: BenchData): MembershipDoc[] {
  const docs = new Map<string, MembershipDoc>();
  data.memberships.forEach((gs, u) => {
    for (const g of gs)
      docs.set(`m${g}-${u}`, {
        _id: `m${g}-${u}`,
        tenantId,
        groupId: `g${g}`,
        userId: userId(u),
        source: 'scim',
        createdAt: T,
      });
  });
  return [...docs.values()];
}

function policyDoc(tenantId: string, data: BenchData): AccessPolicyDoc {
  const { mapping, acl } = data.policy;
  return {
    _id: tenantId,
    tenantId,
    strategy: mapping.strategy,
    defaultRole: mapping.defaultRole ?? null,
    rules: [...mapping.rules],
    adminGroups: [...acl.adminGroups],
    resourceKinds: [],
    quotas: {},
    updatedAt: T,
  };
}

function acls(tenantId: string, data: BenchData): ResourceAclDoc[] {
  return data.policy.acl.entries.map((e) => ({
    _id: `${tenantId}:${e.kind}:${e.resourceId}`,
    tenantId,
    kind: e.kind,
    resourceId: e.resourceId,
    groups: [...e.groups],
    updatedAt: T,
  }));
}

export async function seedTenant(
  deps: DomainDeps,
  tenantId: string,
  data: BenchData,
): Promise<{ adminKey: string; recomputeMs: number }> {
  await createTenant(deps, { id: tenantId, plan: 'enterprise', actor: ACTOR });
  const db = deps.store;
  // The bench's own policy replaces the preset a new tenant starts from.
  for (const name of ['roles', 'roleMappings', 'resourceAcls'] as const)
    await db.collection(name).deleteMany({ tenantId });
  await db.collection('roles').insertMany(data.policy.roles.map((r) => toRoleDoc(tenantId, r, T)));
  await db.collection('roleMappings').insertMany([policyDoc(tenantId, data)]);
  await db.collection('resourceAcls').insertMany(acls(tenantId, data));
  await db.collection('groups').insertMany(groups(tenantId));
  await db.collection('users').insertMany(users(tenantId, data));
  await db.collection('memberships').insertMany(memberships(tenantId, data));
  const started = performance.now();
  await deps.store.withTransaction((tx) => recomputeTenant(tx, deps.recorder, tenantId));
  const recomputeMs = performance.now() - started;
  const { secret } = await createCredential(deps, { tenantId, kind: 'admin', name: 'bench', actor: ACTOR });
  return { adminKey: secret, recomputeMs };
}
