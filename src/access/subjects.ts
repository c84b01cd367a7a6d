import type { GroupDoc, MembershipDoc, UserDoc } from '../people/index.js';
import type { TenantDoc } from '../tenants/index.js';
import type { AccessPolicyDoc, ResourceAclDoc } from './access-docs.js';
import { readPolicyDoc } from './access-policy.js';
import { aclId } from './resource-acls.js';
import { RosterError } from '../errors/index.js';
import type { GroupRef } from '../rbac/index.js';
import type { Store } from '../store/index.js';
import type { ReadSnapshot } from './read-snapshot.js';

// Reads for one authorization request, each done at most once however many checks a batch holds.
// They outlive the request only while nothing at all was committed since (read-snapshot.ts), so
// decisions always see the stored state of this moment.

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

/** `shared`, when given, is the snapshot's memo; `scope` keeps each kind of read (and tenant) apart. */
function once<K, V>(load: (key: K) => Promise<V>, shared?: Map<string, Promise<unknown>>, scope = ''): Once<K, V> {
  const memo = new Map<K, Promise<V>>();
  const read = (key: K) => {
    let hit = memo.get(key);
    if (hit) return hit;
    const sharedKey = `${scope}\u0000${String(key)}`;
    hit = shared?.get(sharedKey) as Promise<V> | undefined;
    if (!hit) {
      hit = load(key);
      // A failed read is never shared.
      if (shared) {
        shared.set(sharedKey, hit);
        hit.catch(() => shared.delete(sharedKey));
      }
    }
    memo.set(key, hit);
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

export function createRequestReads(
  store: Store,
  tenantId: string,
  snapshot?: ReadSnapshot,
  stamp?: number,
): RequestReads {
  const shared = snapshot?.begin(stamp);
  const tenant = once(
    async () => {
      const doc = await store.collection<TenantDoc>('tenants').findOne({ _id: tenantId });
      if (!doc) throw new RosterError('tenant_not_found', `tenant "${tenantId}" does not exist`);
      return doc;
    },
    shared,
    `tenant:${tenantId}`,
  );
  const policy = once(() => readPolicyDoc(store, tenantId), shared, `policy:${tenantId}`);
  const acl = once(
    (id: string) => store.collection<ResourceAclDoc>('resourceAcls').findOne({ _id: id, tenantId }),
    shared,
    'acl',
  );
  const user = once((ref: string) => findUser(store, tenantId, ref), shared, `user:${tenantId}`);
  return {
    tenantId,
    user,
    prime: (doc) => void user.memo.set(doc._id, Promise.resolve(doc)),
    groups: once((userId: string) => groupsOf(store, tenantId, userId), shared, `groups:${tenantId}`),
    tenant: () => tenant(undefined),
    policy: () => policy(undefined),
    acl: (kind, resourceId) => acl(aclId(tenantId, kind, resourceId)),
  };
}
