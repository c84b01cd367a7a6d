import type { AuditInput, DomainEventInput, Recorder } from '../audit/index.js';
import { nextTurn, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { BulkOperation, Db } from '../store/index.js';
import type { WriteContext } from './write-helpers.js';
import { groupFeedsRoles, recomputeEffectiveRoles } from '../access/index.js';
import type { GroupRef } from '../rbac/index.js';
import type { MembershipDoc, UserDoc } from './types.js';

// Group membership: one document per group×user (docs/architecture.md, Storage). A change of many
// members is computed in memory from $in reads and written with one bulkWrite, one updateMany
// and one insertMany of events, so adding 1,000 members is a handful of round trips, not 1,000.
// A large change is written in parts of PART members with a turn of the event loop between them,
// so that no single request holds the process (src/domain/turns.ts).

/**
 * Members written per part: a 100-member PATCH (Okta's and Entra's batches) is one part. Two parts
 * can still run back to back (a turn taken from the poll phase resumes in the same loop's check
 * phase), so the longest stretch is about 200 members' work.
 */
const PART = 100;

export type MemberChange =
  | { op: 'add'; userIds: string[] }
  | { op: 'remove'; userIds: string[] }
  | { op: 'removeAll' }
  | { op: 'set'; userIds: string[] };

export interface MemberDelta {
  added: string[];
  removed: string[];
}

interface Desired {
  /** The change sequence dropped every current member before its adds. */
  cleared: boolean;
  /** userId → member afterwards? for every user the changes name. */
  named: Map<string, boolean>;
}

function desiredState(changes: MemberChange[]): Desired {
  const desired: Desired = { cleared: false, named: new Map() };
  for (const change of changes) {
    if (change.op === 'removeAll' || change.op === 'set') {
      desired.cleared = true;
      desired.named.clear();
    }
    if (change.op !== 'removeAll') for (const id of change.userIds) desired.named.set(id, change.op !== 'remove');
  }
  return desired;
}

export async function memberIdsOf(db: Db, tenantId: string, groupId: string): Promise<string[]> {
  const rows = await db
    .collection<MembershipDoc>('memberships')
    .find({ tenantId, groupId }, { projection: { userId: 1 } });
  return rows.map((m) => m.userId);
}

/** groupIds per user, for the users' read-only `groups` attribute (RFC 7643 §4.1.2). */
export async function groupIdsOf(db: Db, tenantId: string, userIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .collection<MembershipDoc>('memberships')
    .find({ tenantId, userId: { $in: userIds } }, { projection: { groupId: 1, userId: 1 } });
  for (const m of rows) result.set(m.userId, [...(result.get(m.userId) ?? []), m.groupId]);
  return result;
}

async function currentMembers(tx: Db, tenantId: string, groupId: string, desired: Desired): Promise<Set<string>> {
  if (desired.cleared) return new Set(await memberIdsOf(tx, tenantId, groupId));
  const named = [...desired.named.keys()];
  if (named.length === 0) return new Set();
  const rows = await tx
    .collection<MembershipDoc>('memberships')
    .find({ tenantId, groupId, userId: { $in: named } }, { projection: { userId: 1 } });
  return new Set(rows.map((m) => m.userId));
}

function deltaOf(desired: Desired, current: Set<string>): MemberDelta {
  const added = [...desired.named].filter(([id, member]) => member && !current.has(id)).map(([id]) => id);
  const removed = [...current].filter((id) =>
    desired.cleared ? desired.named.get(id) !== true : desired.named.get(id) === false,
  );
  return { added, removed };
}

/** Every added member must be a user of this tenant (no dangling memberships, no nested groups). */
async function assertUsersExist(tx: Db, tenantId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const filter = { tenantId, _id: { $in: userIds } };
  // The common case, all known, is a count the index answers without reading a document.
  if ((await tx.collection<UserDoc>('users').countDocuments(filter)) === userIds.length) return;
  const found = await tx.collection<UserDoc>('users').find(filter, { projection: { _id: 1 } });
  const known = new Set(found.map((u) => u._id));
  const unknown = userIds.filter((id) => !known.has(id));
  throw new RosterError(
    'invalid_input',
    `members must be users of this tenant; unknown: ${unknown.slice(0, 5).join(', ')}` +
      (unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''),
    {
      details: { unknownMembers: unknown.slice(0, 100) },
    },
  );
}

async function writeDelta(
  tx: Db,
  tenantId: string,
  groupId: string,
  delta: MemberDelta,
  source: MembershipDoc['source'],
  now: string,
): Promise<void> {
  const ops: BulkOperation<MembershipDoc>[] = delta.added.map((userId) => ({
    insertOne: { document: { _id: `${groupId}:${userId}`, tenantId, groupId, userId, source, createdAt: now } },
  }));
  if (delta.removed.length) ops.push({ deleteMany: { filter: { tenantId, groupId, userId: { $in: delta.removed } } } });
  if (ops.length) await tx.collection<MembershipDoc>('memberships').bulkWrite(ops);
  // A user's `groups` attribute changed, so its meta.version and lastModified move (RFC 7644 §3.14).
  const touched = [...delta.added, ...delta.removed];
  if (touched.length)
    await tx
      .collection<UserDoc>('users')
      .updateMany({ tenantId, _id: { $in: touched } }, { $inc: { version: 1 }, $set: { updatedAt: now } });
}

function recordsOf(
  groupId: string,
  delta: MemberDelta,
  ctx: WriteContext,
): { events: DomainEventInput[]; audit: AuditInput[] } {
  const entries = [
    ...delta.added.map((userId) => ({ type: 'group.member_added' as const, userId })),
    ...delta.removed.map((userId) => ({ type: 'group.member_removed' as const, userId })),
  ];
  return {
    events: entries.map((e) => ({ type: e.type, subject: groupId, payload: { groupId, userId: e.userId } })),
    audit: entries.map((e) => ({
      action: e.type,
      actor: ctx.actor,
      target: { type: 'group', id: groupId },
      outcome: 'success' as const,
      details: { userId: e.userId },
    })),
  };
}

/**
 * Applies `changes` in order to one group's members inside `tx`: the net effect is written once,
 * each member added or removed gets its domain and audit event, and the affected users' effective
 * roles are recomputed in the same transaction, where the group feeds any (groupFeedsRoles).
 * Adding a member twice is not an error (RFC 7644 §3.5.2.1: no change SHOULD be made), nor is
 * removing a non-member.
 */
export async function applyMemberChanges(
  tx: Db,
  deps: Pick<DomainDeps, 'recorder' | 'policies'>,
  /** `group`: the group as it was and as it is after this request (a rename), for the recompute. */
  target: { tenantId: string; groupId: string; now: string; group: GroupRef[] },
  changes: MemberChange[],
  ctx: WriteContext,
): Promise<MemberDelta> {
  const { tenantId, groupId, now } = target;
  const desired = desiredState(changes);
  const delta = deltaOf(desired, await currentMembers(tx, tenantId, groupId, desired));
  if (delta.added.length === 0 && delta.removed.length === 0) return delta;
  await assertUsersExist(tx, tenantId, delta.added);
  const feeds = await groupFeedsRoles(tx, tenantId, target.group, deps.policies);
  const parts = partsOf(delta);
  for (const [i, part] of parts.entries()) {
    if (i > 0) await nextTurn();
    await writeDelta(tx, tenantId, groupId, part, ctx.source, now);
    await deps.recorder.record(tx, tenantId, recordsOf(groupId, part, ctx));
    const touched = [...part.added, ...part.removed];
    if (feeds) await recomputeEffectiveRoles(tx, deps.recorder, tenantId, touched, undefined, deps.policies);
  }
  return delta;
}

/** The delta in parts of at most PART members, adds first (the order their records had before). */
function partsOf(delta: MemberDelta): MemberDelta[] {
  const parts: MemberDelta[] = [];
  for (let i = 0; i < delta.added.length; i += PART) parts.push({ added: delta.added.slice(i, i + PART), removed: [] });
  for (let i = 0; i < delta.removed.length; i += PART)
    parts.push({ added: [], removed: delta.removed.slice(i, i + PART) });
  return parts;
}

/** Removes a user from every group (the user is being deleted); returns the groups it left. */
export async function removeUserEverywhere(
  tx: Db,
  recorder: Recorder,
  tenantId: string,
  userId: string,
  ctx: WriteContext,
): Promise<string[]> {
  const groupIds = (await groupIdsOf(tx, tenantId, [userId])).get(userId) ?? [];
  if (groupIds.length === 0) return groupIds;
  await tx.collection<MembershipDoc>('memberships').deleteMany({ tenantId, userId });
  const events = groupIds.map((groupId) => ({
    type: 'group.member_removed' as const,
    subject: groupId,
    payload: { groupId, userId },
  }));
  const audit = groupIds.map((groupId) => ({
    action: 'group.member_removed' as const,
    actor: ctx.actor,
    target: { type: 'group', id: groupId },
    outcome: 'success' as const,
    details: { userId },
  }));
  await recorder.record(tx, tenantId, { events, audit });
  return groupIds;
}
