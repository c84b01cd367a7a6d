import type { Actor, AuditInput, DomainEventInput, Recorder } from '../audit/index.js';
import {
  compileSubject,
  effectivePermissionsOf,
  mapGroupsToRoles,
  mappingNames,
  teamPermissions,
  type CompiledPolicy,
  type GroupRef,
} from '../rbac/index.js';
import type { BulkOperation, Db } from '../store/index.js';
import { nextTurn } from '../domain/index.js';
import { loadRolePolicy } from './access-policy.js';
import type { GroupDoc, MembershipDoc, RoleSource, UserDoc } from '../people/index.js';
import type { TeamDoc } from '../teams/index.js';
import type { PolicyCache } from './policy-cache.js';
import { teamGrantsByUser, type TeamGrant } from './team-grants.js';

// Effective roles are derived data (docs/architecture.md, Data flow 5): recomputed from memberships
// and the tenant's mapping, the roles an administrator assigned directly (design 000
// updateUserRole) and the user's teams (design 001), on every change, inside the caller's
// transaction, with one `user.roles_changed` outbox event and audit record (before and after)
// per user whose roles or permissions changed. The mapping only decides the IdP's share, so an
// IdP change never erases an assignment.

/** Who recomputation is attributed to when the caller does not say (an IdP push, a policy change). */
const RBAC_ACTOR: Actor = { type: 'system', id: 'rbac' };

/**
 * Users per batch: $in lists stay bounded, and a whole tenant's recompute (a policy change) takes
 * a turn of the event loop between batches instead of holding the process (src/domain/turns.ts).
 */
const BATCH = 250;

type UserFields = Pick<
  UserDoc,
  | '_id'
  | 'active'
  | 'effectiveRoles'
  | 'effectivePermissions'
  | 'customPermissions'
  | 'deniedPermissions'
  | 'assignedRoles'
  | 'roleSources'
>;
const USER_FIELDS = {
  _id: 1,
  active: 1,
  effectiveRoles: 1,
  effectivePermissions: 1,
  customPermissions: 1,
  deniedPermissions: 1,
  assignedRoles: 1,
  roleSources: 1,
} as const;

interface Derived {
  roles: string[];
  permissions: string[];
  sources: RoleSource[];
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

function sourcesOf(policy: CompiledPolicy, user: UserFields, groups: GroupRef[], teams: TeamGrant[]): RoleSource[] {
  const known = (role: string) => policy.catalog.roles.has(role);
  return [
    ...mapGroupsToRoles(policy.mapping, policy.catalog, groups).map((role) => ({ role, source: 'idp' as const })),
    ...(user.assignedRoles ?? []).filter(known).map((role) => ({ role, source: 'assigned' as const })),
    ...teams
      .filter((t) => t.tenantRole && known(t.tenantRole))
      .map((t) => ({ role: t.tenantRole!, source: 'team' as const, team: { id: t.teamId, name: t.name } })),
  ];
}

/** Deactivated users hold nothing (design 000/001: access ends with the account). */
function derive(policy: CompiledPolicy, user: UserFields, groups: GroupRef[], teams: TeamGrant[]): Derived {
  if (user.active === false) return { roles: [], permissions: [], sources: [] };
  const sources = sourcesOf(policy, user, groups, teams);
  const roles = [...new Set(sources.map((s) => s.role))];
  const subject = compileSubject(policy.catalog, {
    roles,
    customPermissions: [...(user.customPermissions ?? []), ...teams.flatMap((t) => teamPermissions(t.teamId, t.role))],
    deniedPermissions: user.deniedPermissions ?? [],
  });
  return { roles, permissions: effectivePermissionsOf(subject), sources };
}

function rolesChanged(user: UserFields, next: Derived, actor: Actor): { event: DomainEventInput; audit: AuditInput } {
  const before = { roles: user.effectiveRoles ?? [], permissions: user.effectivePermissions ?? [] };
  const after = { roles: next.roles, permissions: next.permissions, sources: next.sources };
  const added = missingFrom(next.roles, user.effectiveRoles);
  const removed = missingFrom(user.effectiveRoles, next.roles);
  return {
    event: {
      type: 'user.roles_changed',
      subject: user._id,
      payload: {
        roles: next.roles,
        previousRoles: before.roles,
        added,
        removed,
        permissions: next.permissions,
        sources: next.sources,
      },
    },
    audit: {
      action: 'user.roles_changed',
      actor,
      target: { type: 'user', id: user._id },
      outcome: 'success',
      details: { before, after, added, removed },
    },
  };
}

const sameList = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((v, i) => v === b[i]);
const missingFrom = (a: readonly string[] = [], b: readonly string[] = []) => a.filter((v) => !b.includes(v));

const sameSources = (a: readonly RoleSource[] = [], b: readonly RoleSource[] = []) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Users with the same inputs derive the same roles (the derivation reads nothing else), and the
 * users of one member PATCH mostly share them: each distinct input is derived once per batch.
 * The result is shared between those users and never mutated (it is only written and compared).
 */
function derivedOnce(policy: CompiledPolicy): (user: UserFields, groups: GroupRef[], teams: TeamGrant[]) => Derived {
  const seen = new Map<string, Derived>();
  return (user, groups, teams) => {
    const key = JSON.stringify([
      user.active === false,
      user.assignedRoles,
      user.customPermissions,
      user.deniedPermissions,
      groups,
      teams,
    ]);
    let derived = seen.get(key);
    if (!derived) seen.set(key, (derived = derive(policy, user, groups, teams)));
    return derived;
  };
}

async function recomputeBatch(
  tx: Db,
  recorder: Recorder,
  tenantId: string,
  policy: CompiledPolicy,
  userIds: string[],
  actor: Actor,
): Promise<void> {
  const users = await tx
    .collection<UserDoc>('users')
    .find({ tenantId, _id: { $in: userIds } }, { projection: USER_FIELDS });
  const ids = users.map((u) => u._id);
  const groups = await groupsByUser(tx, tenantId, ids);
  const groupIds = new Map(ids.map((id) => [id, (groups.get(id) ?? []).map((g) => g.id)]));
  const teams = await teamGrantsByUser(tx, tenantId, ids, groupIds);
  const writes: BulkOperation<UserDoc>[] = [];
  const events: DomainEventInput[] = [];
  const audit: AuditInput[] = [];
  const derived = derivedOnce(policy);
  for (const user of users) {
    const next = derived(user, groups.get(user._id) ?? [], teams.get(user._id) ?? []);
    const rolesSame =
      sameList(user.effectiveRoles, next.roles) && sameList(user.effectivePermissions, next.permissions);
    if (rolesSame && sameSources(user.roleSources, next.sources)) continue;
    writes.push({
      updateOne: {
        filter: { _id: user._id, tenantId },
        update: {
          $set: { effectiveRoles: next.roles, effectivePermissions: next.permissions, roleSources: next.sources },
        },
      },
    });
    if (rolesSame) continue; // only where a role comes from changed: nothing downstream acts on
    const changed = rolesChanged(user, next, actor);
    events.push(changed.event);
    audit.push(changed.audit);
  }
  if (writes.length) await tx.collection<UserDoc>('users').bulkWrite(writes);
  if (events.length) await recorder.record(tx, tenantId, { events, audit });
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
  actor: Actor = RBAC_ACTOR,
  policies?: PolicyCache,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const policy = policies ? await policies.rolePolicy(tx, tenantId) : await loadRolePolicy(tx, tenantId);
  for (let i = 0; i < unique.length; i += BATCH) {
    if (i > 0) await nextTurn();
    await recomputeBatch(tx, recorder, tenantId, policy, unique.slice(i, i + BATCH), actor);
  }
}

/**
 * Whether members joining or leaving this group (`group`: as it was and as it is after the
 * change, the same id) can change what they derive. Rules match one group each and teams are
 * mapped from one group (src/rbac/group-mapping.ts, team-grants.ts), so for a group that no rule
 * names and no team is mapped from, a recompute would read every member back to write nothing.
 */
export async function groupFeedsRoles(
  tx: Db,
  tenantId: string,
  group: readonly GroupRef[],
  policies?: PolicyCache,
): Promise<boolean> {
  const policy = policies ? await policies.rolePolicy(tx, tenantId) : await loadRolePolicy(tx, tenantId);
  if (group.some((g) => mappingNames(policy.mapping, g))) return true;
  const ids = [...new Set(group.map((g) => g.id))];
  const mapped = await tx
    .collection<TeamDoc>('teams')
    .findOne({ tenantId, groupId: { $in: ids } }, { projection: { _id: 1 } });
  return mapped !== null;
}

/** What createUser writes with a new user: its derived fields, and the records of the change. */
export interface InitialRoles {
  fields: Pick<UserDoc, 'effectiveRoles' | 'effectivePermissions' | 'roleSources'> | undefined;
  events: DomainEventInput[];
  audit: AuditInput[];
}

/**
 * The effective roles of a user about to be inserted, derived in memory: a new id has no
 * memberships and no direct assignments, and (the caller checks: no invitation admits it to a
 * team) no teams, so only the tenant's policy and the user's own permission lists feed it.
 * The same derivation and the same `user.roles_changed` records as recomputeEffectiveRoles
 * would make after the insert, without reading the user back or updating it.
 */
export async function initialRoles(
  tx: Db,
  tenantId: string,
  user: UserFields,
  actor: Actor = RBAC_ACTOR,
  policies?: PolicyCache,
): Promise<InitialRoles> {
  const policy = policies ? await policies.rolePolicy(tx, tenantId) : await loadRolePolicy(tx, tenantId);
  const next = derive(policy, user, [], []);
  const rolesSame = sameList(user.effectiveRoles, next.roles) && sameList(user.effectivePermissions, next.permissions);
  if (rolesSame && sameSources(user.roleSources, next.sources)) return { fields: undefined, events: [], audit: [] };
  const fields = { effectiveRoles: next.roles, effectivePermissions: next.permissions, roleSources: next.sources };
  if (rolesSame) return { fields, events: [], audit: [] };
  const changed = rolesChanged(user, next, actor);
  return { fields, events: [changed.event], audit: [changed.audit] };
}

/** Every user of the tenant: after a mapping, role or preset change. */
export async function recomputeTenant(tx: Db, recorder: Recorder, tenantId: string, actor?: Actor): Promise<void> {
  const users = await tx.collection<UserDoc>('users').find({ tenantId }, { projection: { _id: 1 } });
  await recomputeEffectiveRoles(
    tx,
    recorder,
    tenantId,
    users.map((u) => u._id),
    actor,
  );
}
