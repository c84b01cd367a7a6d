import type { GroupDoc, MembershipDoc, UserDoc } from '../people/index.js';
import type { TenantDoc } from '../tenants/index.js';
import type { AccessPolicyDoc, ResourceAclDoc } from './access-docs.js';
import { readPolicyDoc } from './access-policy.js';
import { aclId } from './resource-acls.js';
import { RosterError } from '../errors/index.js';
import type { GroupRef } from '../rbac/index.js';
import type { Store } from '../store/index.js';

// Reads for one authorization request, each done at most once however many checks a batch holds.
// Nothing outlives the request: decisions always see the stored state of this moment.

export interface RequestReads {
  tenantId: string;
  user(ref: string): Promise<UserDoc | null>;
  /** Seeds the user read with a document this request already read (a scoped key's owner). */
  prime(user: UserDoc): void;
  groups(userId: string): Promise<GroupRef[]>;
  tenant(): Promise<TenantDoc>;
  policy(): Promise<AccessPolicyDoc | null>;
  acl(kind: string, resourceId: string): Promise<ResourceAclDoc | null>;
}

type Once<K, V> = ((key: K) => Promise<V>) & { memo: Map<K, Promise<V>> };

function once<K, V>(load: (key: K) => Promise<V>): Once<K, V> {
  const memo = new Map<K, Promise<V>>();
  const read = (key: K) => {
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = load(key)));
    return hit;
  };
  return Object.assign(read, { memo });
}

/**
 * A subject is named by user id, or by userName (case-insensitive, RFC 7643 §4.1.1). Ids are
 * unique across tenants, so the hot lookup is by `_id` alone (the primary key on both engines)
 * and the tenant is checked here: a user of another tenant is never found.
 */
export async function findUser(store: Store, tenantId: string, ref: string): Promise<UserDoc | null> {
  const users = store.collection<UserDoc>('users');
  const byId = await users.findOne({ _id: ref });
  if (byId?.tenantId === tenantId) return byId;
  return users.findOne({ tenantId, userNameLower: ref.toLowerCase() });
}

export async function groupsOf(store: Store, tenantId: string, userId: string): Promise<GroupRef[]> {
  const memberships = await store
    .collection<MembershipDoc>('memberships')
    .find({ tenantId, userId }, { projection: { groupId: 1 } });
  if (memberships.length === 0) return [];
  const groups = await store
    .collection<GroupDoc>('groups')
    .find({ tenantId, _id: { $in: memberships.map((m) => m.groupId) } });
  return groups.map((g) => ({
    id: g._id,
    displayName: g.displayName,
    ...(g.externalId ? { externalId: g.externalId } : {}),
  }));
}

export function createRequestReads(store: Store, tenantId: string): RequestReads {
  const tenant = once(async () => {
    const doc = await store.collection<TenantDoc>('tenants').findOne({ _id: tenantId });
    if (!doc) throw new RosterError('tenant_not_found', `tenant "${tenantId}" does not exist`);
    return doc;
  });
  const policy = once(() => readPolicyDoc(store, tenantId));
  const acl = once((id: string) => store.collection<ResourceAclDoc>('resourceAcls').findOne({ _id: id, tenantId }));
  const user = once((ref: string) => findUser(store, tenantId, ref));
  return {
    tenantId,
    user,
    prime: (doc) => void user.memo.set(doc._id, Promise.resolve(doc)),
    groups: once((userId: string) => groupsOf(store, tenantId, userId)),
    tenant: () => tenant(undefined),
    policy: () => policy(undefined),
    acl: (kind, resourceId) => acl(aclId(tenantId, kind, resourceId)),
  };
}
