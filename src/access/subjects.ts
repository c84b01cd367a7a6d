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
// They outlive the request only while nothing but audit records was committed since
// (read-snapshot.ts, Store.commitStamp), so decisions always see the stored state of this moment.

export interface RequestReads {
  tenantId: string;
  /** Store.commitStamp when this request's reads began (undefined on mongo). */
  stamp?: number;
  user(ref: string): Promise<UserDoc | null>;
  /** Seeds the user read with a document this request already read (a scoped key's owner). */
  prime(user: UserDoc): void;
  groups(userId: string): Promise<GroupRef[]>;
  tenant(): Promise<TenantDoc>;
  policy(): Promise<AccessPolicyDoc | null>;
  acl(kind: string, resourceId: string): Promise<ResourceAclDoc | null>;
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

/**
 * The request's reads, each done at most once: memoized in the snapshot's memo while it holds
 * (shared with other requests), else in a memo of this request's own. A class, so a request
 * allocates one object and its memo rather than a closure per kind of read.
 */
class Reads implements RequestReads {
  readonly tenantId: string;
  readonly stamp?: number;
  readonly #store: Store;
  readonly #memo: Map<string, Promise<unknown>>;
  #primed?: Map<string, UserDoc>;

  constructor(store: Store, tenantId: string, memo: Map<string, Promise<unknown>>, stamp?: number) {
    this.#store = store;
    this.tenantId = tenantId;
    this.#memo = memo;
    this.stamp = stamp;
  }

  user(ref: string): Promise<UserDoc | null> {
    const primed = this.#primed?.get(ref);
    if (primed) return Promise.resolve(primed);
    return this.#once(`user\u0000${this.tenantId}\u0000${ref}`, () => findUser(this.#store, this.tenantId, ref));
  }

  prime(user: UserDoc): void {
    (this.#primed ??= new Map()).set(user._id, user);
  }

  groups(userId: string): Promise<GroupRef[]> {
    return this.#once(`groups\u0000${this.tenantId}\u0000${userId}`, () =>
      groupsOf(this.#store, this.tenantId, userId),
    );
  }

  tenant(): Promise<TenantDoc> {
    return this.#once(`tenant\u0000${this.tenantId}`, async () => {
      const doc = await this.#store.collection<TenantDoc>('tenants').findOne({ _id: this.tenantId });
      if (!doc) throw new RosterError('tenant_not_found', `tenant "${this.tenantId}" does not exist`);
      return doc;
    });
  }

  policy(): Promise<AccessPolicyDoc | null> {
    return this.#once(`policy\u0000${this.tenantId}`, () => readPolicyDoc(this.#store, this.tenantId));
  }

  acl(kind: string, resourceId: string): Promise<ResourceAclDoc | null> {
    const id = aclId(this.tenantId, kind, resourceId);
    return this.#once(`acl\u0000${id}`, () =>
      this.#store.collection<ResourceAclDoc>('resourceAcls').findOne({ _id: id, tenantId: this.tenantId }),
    );
  }

  #once<V>(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#memo.get(key) as Promise<V> | undefined;
    if (hit) return hit;
    const loaded = load();
    this.#memo.set(key, loaded);
    // A failed read is never kept.
    loaded.catch(() => this.#memo.get(key) === loaded && this.#memo.delete(key));
    return loaded;
  }
}

export function createRequestReads(
  store: Store,
  tenantId: string,
  snapshot?: ReadSnapshot,
  stamp?: number,
): RequestReads {
  const current = stamp ?? store.commitStamp?.();
  return new Reads(store, tenantId, snapshot?.begin(current) ?? new Map(), current);
}
