import type { AuditInput, EventName } from '../audit/index.js';
import type { Db, Filter, Update } from '../store/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import {
  assertVersion,
  changedKeys,
  findPage,
  notFound,
  uniqueAs,
  type Page,
  type PageOptions,
  type WriteContext,
} from './write-helpers.js';
import { newId } from '../domain/index.js';
import { groupFeedsRoles, recomputeEffectiveRoles } from '../access/index.js';
import { applyMemberChanges, memberIdsOf, type MemberChange, type MemberDelta } from './memberships.js';
import type { GroupDoc } from './types.js';
import type { GroupRef } from '../rbac/index.js';

// The group service. A group's members live in the memberships collection; every change here
// that touches members goes through applyMemberChanges inside the same transaction.

export const GROUP_ATTRIBUTE_KEYS = ['displayName', 'externalId'] as const satisfies readonly (keyof GroupDoc)[];

export type GroupAttributes = Pick<GroupDoc, 'displayName'> & Partial<Pick<GroupDoc, 'externalId'>>;

export function groupAttributesOf(doc: GroupDoc): GroupAttributes {
  return { displayName: doc.displayName, ...(doc.externalId !== undefined ? { externalId: doc.externalId } : {}) };
}

/** The group as role mapping rules and teams see it (src/rbac/group-mapping.ts). */
function refOf(doc: Pick<GroupDoc, '_id' | 'displayName' | 'externalId'>): GroupRef {
  return { id: doc._id, displayName: doc.displayName, ...(doc.externalId ? { externalId: doc.externalId } : {}) };
}

const taken = (attrs: GroupAttributes) => `displayName "${attrs.displayName}" is already taken in this tenant`;

function audit(action: EventName, id: string, ctx: WriteContext, details?: Record<string, unknown>): AuditInput {
  return {
    action,
    actor: ctx.actor,
    target: { type: 'group', id },
    outcome: 'success',
    ...(details ? { details } : {}),
  };
}

/**
 * A SAML login creates the groups its assertion names when SCIM has not provisioned them yet.
 * When SCIM later pushes a group of that name, it takes that group over (same id, so role
 * mappings and memberships stay) instead of failing on the name; members are added, and the
 * SAML-sourced memberships stay until the user's next login replaces them.
 */
async function adoptSamlGroup(
  deps: DomainDeps,
  tx: Db,
  existing: GroupDoc,
  attrs: GroupAttributes,
  members: string[],
  ctx: WriteContext,
  time: string,
): Promise<GroupDoc> {
  const group: GroupDoc = {
    ...existing,
    ...attrs,
    displayNameLower: attrs.displayName.toLowerCase(),
    source: ctx.source,
    updatedAt: time,
    version: existing.version + 1,
  };
  await tx.collection<GroupDoc>('groups').replaceOne({ _id: existing._id, tenantId: existing.tenantId }, group);
  await deps.recorder.record(tx, existing.tenantId, {
    events: [
      {
        type: 'group.updated',
        subject: existing._id,
        payload: { changed: ['source', ...Object.keys(attrs)], adoptedFrom: 'saml', displayName: group.displayName },
      },
    ],
    audit: [audit('group.updated', existing._id, ctx, { adoptedFrom: 'saml' })],
  });
  if (members.length)
    await applyMemberChanges(
      tx,
      deps,
      { tenantId: existing.tenantId, groupId: existing._id, now: time, group: [refOf(existing), refOf(group)] },
      [{ op: 'add', userIds: members }],
      ctx,
    );
  return group;
}

export async function createGroup(
  deps: DomainDeps,
  tenantId: string,
  attrs: GroupAttributes,
  members: string[],
  ctx: WriteContext,
): Promise<GroupDoc> {
  const time = nowIso(deps);
  const group: GroupDoc = {
    _id: newId(),
    tenantId,
    ...attrs,
    displayNameLower: attrs.displayName.toLowerCase(),
    source: ctx.source,
    createdAt: time,
    updatedAt: time,
    version: 1,
  };
  return uniqueAs(taken(attrs), () =>
    deps.store.withTransaction(async (tx) => {
      if (ctx.source === 'scim') {
        const fromSaml = await tx
          .collection<GroupDoc>('groups')
          .findOne({ tenantId, displayNameLower: group.displayNameLower, source: 'saml' });
        if (fromSaml) return adoptSamlGroup(deps, tx, fromSaml, attrs, members, ctx, time);
      }
      await tx.collection<GroupDoc>('groups').insertOne(group);
      await deps.recorder.record(tx, tenantId, {
        events: [
          {
            type: 'group.created',
            subject: group._id,
            payload: { displayName: group.displayName, externalId: group.externalId },
          },
        ],
        audit: [audit('group.created', group._id, ctx)],
      });
      if (members.length)
        await applyMemberChanges(
          tx,
          deps,
          { tenantId, groupId: group._id, now: time, group: [refOf(group)] },
          [{ op: 'set', userIds: members }],
          ctx,
        );
      return group;
    }),
  );
}

export async function getGroup(db: Db, tenantId: string, id: string): Promise<GroupDoc> {
  const group = await db.collection<GroupDoc>('groups').findOne({ _id: id, tenantId });
  if (!group) throw notFound('group', id);
  return group;
}

export async function findGroups(
  db: Db,
  tenantId: string,
  filter: Filter,
  options: PageOptions,
): Promise<Page<GroupDoc>> {
  return findPage(db.collection<GroupDoc>('groups'), { tenantId, ...filter }, options);
}

export interface GroupChange {
  /** New attributes from the current ones (PUT or PATCH); absent when only members change. */
  attributes?: (current: GroupAttributes) => GroupAttributes;
  members: MemberChange[];
}

export interface GroupUpdate {
  group: GroupDoc;
  delta: MemberDelta;
}

async function writeAttributes(
  deps: DomainDeps,
  tx: Db,
  current: GroupDoc,
  next: GroupAttributes,
  changed: string[],
  ctx: WriteContext,
): Promise<void> {
  if (changed.length === 0) return;
  const set = {
    displayName: next.displayName,
    displayNameLower: next.displayName.toLowerCase(),
    ...(next.externalId !== undefined ? { externalId: next.externalId } : {}),
  };
  const update: Update = { $set: set };
  if (next.externalId === undefined && current.externalId !== undefined) update.$unset = { externalId: '' };
  await uniqueAs(taken(next), () =>
    tx.collection<GroupDoc>('groups').updateOne({ _id: current._id, tenantId: current.tenantId }, update),
  );
  await deps.recorder.record(tx, current.tenantId, {
    events: [{ type: 'group.updated', subject: current._id, payload: { changed, displayName: next.displayName } }],
    audit: [audit('group.updated', current._id, ctx, { changed })],
  });
}

/**
 * A rename can move a group onto or off a rule's name (or a new externalId onto a rule's id): its
 * members' roles follow in the same transaction, as they do a membership change.
 */
async function recomputeRenamed(
  deps: DomainDeps,
  tx: Db,
  tenantId: string,
  refs: GroupRef[],
  changed: string[],
): Promise<void> {
  if (!changed.includes('displayName') && !changed.includes('externalId')) return;
  if (!(await groupFeedsRoles(tx, tenantId, refs, deps.policies))) return;
  const members = await memberIdsOf(tx, tenantId, refs[0].id);
  await recomputeEffectiveRoles(tx, deps.recorder, tenantId, members, undefined, deps.policies);
}

/**
 * Applies an attribute change and a list of member changes to one group in one transaction.
 * meta.version moves once per request that changes anything (RFC 7644 §3.14); nothing is
 * written when nothing changes.
 */
export async function updateGroup(
  deps: DomainDeps,
  tenantId: string,
  id: string,
  change: GroupChange,
  ctx: WriteContext,
): Promise<GroupUpdate> {
  return deps.store.withTransaction(async (tx) => {
    const current = await getGroup(tx, tenantId, id);
    assertVersion('group', current, ctx.ifMatch);
    const before = groupAttributesOf(current);
    const next = change.attributes ? change.attributes(before) : before;
    const changed = changedKeys(before, next, GROUP_ATTRIBUTE_KEYS);
    const time = nowIso(deps);
    await writeAttributes(deps, tx, current, next, changed, ctx);
    const refs = [refOf(current), refOf({ _id: id, ...next })];
    const target = { tenantId, groupId: id, now: time, group: refs };
    const delta = await applyMemberChanges(tx, deps, target, change.members, ctx);
    await recomputeRenamed(deps, tx, tenantId, refs, changed);
    if (changed.length === 0 && delta.added.length === 0 && delta.removed.length === 0)
      return { group: current, delta };
    await tx
      .collection<GroupDoc>('groups')
      .updateOne({ _id: id, tenantId }, { $set: { updatedAt: time }, $inc: { version: 1 } });
    const group: GroupDoc = {
      ...current,
      ...next,
      displayNameLower: next.displayName.toLowerCase(),
      updatedAt: time,
      version: current.version + 1,
    };
    if (next.externalId === undefined) delete group.externalId;
    return { group, delta };
  });
}

/** Deletes the group and its memberships; the former members' roles are recomputed. */
export async function deleteGroup(deps: DomainDeps, tenantId: string, id: string, ctx: WriteContext): Promise<void> {
  await deps.store.withTransaction(async (tx) => {
    const current = await getGroup(tx, tenantId, id);
    assertVersion('group', current, ctx.ifMatch);
    const target = { tenantId, groupId: id, now: nowIso(deps), group: [refOf(current)] };
    await applyMemberChanges(tx, deps, target, [{ op: 'removeAll' }], ctx);
    await tx.collection<GroupDoc>('groups').deleteOne({ _id: id, tenantId });
    await deps.recorder.record(tx, tenantId, {
      events: [
        {
          type: 'group.deleted',
          subject: id,
          payload: { displayName: current.displayName, externalId: current.externalId },
        },
      ],
      audit: [audit('group.deleted', id, ctx)],
    });
  });
}
