import type { DomainEventInput, Recorder } from '../audit/index.js';
import {
  compileSubject,
  effectivePermissionsOf,
  mapGroupsToRoles,
  type CompiledPolicy,
  type GroupRef,
} from '../rbac/index.js';
import type { BulkOperation, Db } from '../store/index.js';
import { loadRolePolicy } from './access-policy.js';
import type { PolicyCache } from './policy-cache.js';
import type { GroupDoc, MembershipDoc, UserDoc } from '../people/index.js';

// Effective roles are derived data (ARCHITECTURE.md, Data flow 5): recomputed from memberships
// and the tenant's mapping on every change, inside the caller's transaction, with one
// `user.roles_changed` outbox event per user whose roles or permissions changed.

/** Users per batch: one SCIM PATCH adds up to this many members, and $in lists stay bounded. */
const BATCH = 1000;

type UserFields = Pick<
  UserDoc,
  '_id' | 'active' | 'effectiveRoles' | 'effectivePermissions' | 'customPermissions' | 'deniedPermissions'
>;
const USER_FIELDS = {
  _id: 1,
  active: 1,
  effectiveRoles: 1,
  effectivePermissions: 1,
  customPermissions: 1,
  deniedPermissions: 1,
} as const;

interface Derived {
  roles: string[];
  permissions: string[];
}

async function groupsByUser(tx: Db, tenantId: string, userIds: string[]): Promise<Map<string, GroupRef[]>> {
  const memberships = await tx
    .collection<MembershipDoc>('memberships')
    .find({ tenantId, userId: { $in: userIds } }, { projection: { groupId: 1, userId: 1 } });
  const groupIds = [...new Set(memberships.map((m) => m.groupId))];
  const groups = groupIds.length
    ? await tx
        .collection<GroupDoc>('groups')
        .find({ tenantId, _id: { $in: groupIds } }, { projection: { displayName: 1, externalId: 1 } })
    : [];
  const byId = new Map(
    groups.map((g) => [
      g._id,
      { id: g._id, displayName: g.displayName, ...(g.externalId ? { externalId: g.externalId } : {}) },
    ]),
  );
  const result = new Map<string, GroupRef[]>();
  for (const m of memberships) {
    const group = byId.get(m.groupId);
    if (!group) continue;
    const list = result.get(m.userId) ?? [];
    list.push(group);
    result.set(m.userId, list);
  }
  return result;
}

/** Deactivated users hold nothing (seed 000/001: access ends with the account). */
function derive(policy: CompiledPolicy, user: UserFields, groups: GroupRef[]): Derived {
  if (user.active === false) return { roles: [], permissions: [] };
  const roles = mapGroupsToRoles(policy.mapping, policy.catalog, groups);
  const subject = compileSubject(policy.catalog, {
    roles,
    customPermissions: user.customPermissions ?? [],
    deniedPermissions: user.deniedPermissions ?? [],
  });
  return { roles, permissions: effectivePermissionsOf(subject) };
}

const sameList = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((v, i) => v === b[i]);
const missingFrom = (a: readonly string[] = [], b: readonly string[] = []) => a.filter((v) => !b.includes(v));

async function recomputeBatch(
  tx: Db,
  recorder: Recorder,
  tenantId: string,
  policy: CompiledPolicy,
  userIds: string[],
): Promise<void> {
  const users = await tx
    .collection<UserDoc>('users')
    .find({ tenantId, _id: { $in: userIds } }, { projection: USER_FIELDS });
  const groups = await groupsByUser(
    tx,
    tenantId,
    users.map((u) => u._id),
  );
  const writes: BulkOperation<UserDoc>[] = [];
  const events: DomainEventInput[] = [];
  for (const user of users) {
    const next = derive(policy, user, groups.get(user._id) ?? []);
    if (sameList(user.effectiveRoles, next.roles) && sameList(user.effectivePermissions, next.permissions)) continue;
    writes.push({
      updateOne: {
        filter: { _id: user._id, tenantId },
        update: { $set: { effectiveRoles: next.roles, effectivePermissions: next.permissions } },
      },
    });
    events.push({
      type: 'user.roles_changed',
      subject: user._id,
      payload: {
        roles: next.roles,
        previousRoles: user.effectiveRoles ?? [],
        added: missingFrom(next.roles, user.effectiveRoles),
        removed: missingFrom(user.effectiveRoles, next.roles),
        permissions: next.permissions,
      },
    });
  }
  if (writes.length) await tx.collection<UserDoc>('users').bulkWrite(writes);
  if (events.length) await recorder.record(tx, tenantId, { events });
}

/**
 * Recomputes the effective roles and permissions of `userIds` from their memberships, the
 * tenant's group→role mapping and role catalog; call it inside the transaction that changed them.
 * Reads are batched ($in), so a SCIM PATCH adding 1,000 members costs a handful of queries.
 */
export async function recomputeEffectiveRoles(
  tx: Db,
  recorder: Recorder,
  tenantId: string,
  userIds: string[],
  policies?: PolicyCache,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const policy = policies ? await policies.rolePolicy(tx, tenantId) : await loadRolePolicy(tx, tenantId);
  for (let i = 0; i < unique.length; i += BATCH) {
    await recomputeBatch(tx, recorder, tenantId, policy, unique.slice(i, i + BATCH));
  }
}

/**
 * The effective roles of a user about to be inserted: a new id has no memberships yet, so only
 * the mapping's default role and the user's own permission lists feed it, and nothing needs to
 * be read back. Returns the `user.roles_changed` event to record when it holds anything.
 */
export async function initialRoles(
  tx: Db,
  tenantId: string,
  user: UserFields,
  policies?: PolicyCache,
): Promise<{ roles: string[]; permissions: string[]; event?: DomainEventInput }> {
  const policy = policies ? await policies.rolePolicy(tx, tenantId) : await loadRolePolicy(tx, tenantId);
  const next = derive(policy, user, []);
  if (next.roles.length === 0 && next.permissions.length === 0) return next;
  const payload = {
    roles: next.roles,
    previousRoles: [],
    added: next.roles,
    removed: [],
    permissions: next.permissions,
  };
  return { ...next, event: { type: 'user.roles_changed', subject: user._id, payload } };
}

/** Every user of the tenant: after a mapping, role or preset change. */
export async function recomputeTenant(tx: Db, recorder: Recorder, tenantId: string): Promise<void> {
  const users = await tx.collection<UserDoc>('users').find({ tenantId }, { projection: { _id: 1 } });
  await recomputeEffectiveRoles(
    tx,
    recorder,
    tenantId,
    users.map((u) => u._id),
  );
}
