import type { AuditInput, DomainEventInput, EventName } from '../audit/index.js';
import type { Db, Filter } from '../store/index.js';
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
import { initialRoles, recomputeEffectiveRoles } from '../access/index.js';
import { acceptInvitationsFor, liveInvitationsFor } from '../teams/index.js';
import { newId } from '../domain/index.js';
import { removeUserEverywhere } from './memberships.js';
import type { UserDoc } from './types.js';

// The user service: provisioning edges (SCIM today) write users only through these functions,
// each one transaction that holds the change, its domain events and its audit records.

/** What a provisioning edge may write; everything else on a UserDoc is Roster's own. */
export const USER_ATTRIBUTE_KEYS = [
  'userName',
  'externalId',
  'active',
  'displayName',
  'name',
  'emails',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'scimRoles',
  'x509Certificates',
  'enterprise',
] as const satisfies readonly (keyof UserDoc)[];

export type UserAttributes = Pick<UserDoc, 'userName' | 'active'> &
  Partial<Pick<UserDoc, Exclude<(typeof USER_ATTRIBUTE_KEYS)[number], 'userName' | 'active'>>>;

export function userAttributesOf(doc: UserDoc): UserAttributes {
  const attrs: Record<string, unknown> = {};
  for (const key of USER_ATTRIBUTE_KEYS) if (doc[key] !== undefined) attrs[key] = doc[key];
  return attrs as UserAttributes;
}

/** The primary email, else the first, lowercased: the SAML just-in-time match key. */
function primaryEmailLower(attrs: UserAttributes): string | undefined {
  const email = attrs.emails?.find((e) => e.primary) ?? attrs.emails?.[0];
  return email?.value?.toLowerCase();
}

/** The stored document: attributes plus the derived keys the indexes serve. */
function withDerived(
  base: Omit<UserDoc, (typeof USER_ATTRIBUTE_KEYS)[number] | 'userNameLower' | 'primaryEmailLower'>,
  attrs: UserAttributes,
): UserDoc {
  const email = primaryEmailLower(attrs);
  return {
    ...base,
    ...attrs,
    userNameLower: attrs.userName.toLowerCase(),
    ...(email ? { primaryEmailLower: email } : {}),
  } as UserDoc;
}

const taken = (attrs: UserAttributes) => `userName "${attrs.userName}" is already taken in this tenant`;

export async function createUser(
  deps: DomainDeps,
  tenantId: string,
  attrs: UserAttributes,
  ctx: WriteContext,
): Promise<UserDoc> {
  const time = nowIso(deps);
  const user = withDerived(
    {
      _id: newId(),
      tenantId,
      effectiveRoles: [],
      effectivePermissions: [],
      customPermissions: [],
      deniedPermissions: [],
      source: ctx.source,
      createdAt: time,
      updatedAt: time,
      version: 1,
    },
    attrs,
  );
  return uniqueAs(taken(attrs), () =>
    deps.store.withTransaction(async (tx) => {
      const now = deps.now ? deps.now() : new Date();
      // Design 001 invitations: a user invited by email joins the team when first provisioned.
      const invitations = user.active ? await liveInvitationsFor(tx, user, now) : [];
      // Without an invitation a new user has no memberships, assignments or teams: its roles are
      // derived before the insert (one write, no read-back); with one, after the team join.
      const initial =
        user.active && invitations.length === 0
          ? await initialRoles(tx, tenantId, user, ctx.actor, deps.policies)
          : undefined;
      if (initial?.fields) Object.assign(user, initial.fields);
      await tx.collection<UserDoc>('users').insertOne(user);
      const created: DomainEventInput = {
        type: 'user.created',
        subject: user._id,
        payload: { userName: user.userName, externalId: user.externalId, active: user.active },
      };
      await deps.recorder.record(tx, tenantId, {
        events: [created, ...(initial?.events ?? [])],
        audit: [audit('user.created', user._id, ctx), ...(initial?.audit ?? [])],
      });
      if (invitations.length) {
        await acceptInvitationsFor(tx, deps.recorder, user, now, ctx.source, invitations);
        await recomputeEffectiveRoles(tx, deps.recorder, tenantId, [user._id], ctx.actor, deps.policies);
      }
      return user;
    }),
  );
}

export async function getUser(db: Db, tenantId: string, id: string): Promise<UserDoc> {
  const user = await db.collection<UserDoc>('users').findOne({ _id: id, tenantId });
  if (!user) throw notFound('user', id);
  return user;
}

/** The user, or null when there is none (a session whose user was deleted since). */
export async function findUser(db: Db, tenantId: string, id: string): Promise<UserDoc | null> {
  return db.collection<UserDoc>('users').findOne({ _id: id, tenantId });
}

export async function findUsers(
  db: Db,
  tenantId: string,
  filter: Filter,
  options: PageOptions,
): Promise<Page<UserDoc>> {
  return findPage(db.collection<UserDoc>('users'), { tenantId, ...filter }, options);
}

function audit(action: EventName, id: string, ctx: WriteContext, details?: Record<string, unknown>): AuditInput {
  return {
    action,
    actor: ctx.actor,
    target: { type: 'user', id },
    outcome: 'success',
    ...(details ? { details } : {}),
  };
}

/** user.updated for attribute changes; user.deactivated / user.reactivated when `active` flips. */
function changeRecords(before: UserDoc, after: UserDoc, changed: string[], ctx: WriteContext) {
  const events: DomainEventInput[] = [];
  const others = changed.filter((k) => k !== 'active');
  if (others.length)
    events.push({ type: 'user.updated', subject: after._id, payload: { changed: others, userName: after.userName } });
  if (before.active !== after.active) {
    events.push({
      type: after.active ? 'user.reactivated' : 'user.deactivated',
      subject: after._id,
      payload: { userName: after.userName },
    });
  }
  return {
    events,
    audit: events.map((e) =>
      audit(e.type, after._id, ctx, e.type === 'user.updated' ? { changed: others } : undefined),
    ),
  };
}

/**
 * Reads the user, lets `change` compute its new attributes (a PATCH or PUT, decided by the edge),
 * and writes the result with its events, all in one transaction. A change that changes nothing
 * writes nothing and keeps the version.
 */
export async function updateUser(
  deps: DomainDeps,
  tenantId: string,
  id: string,
  change: (current: UserAttributes) => UserAttributes,
  ctx: WriteContext,
): Promise<UserDoc> {
  return deps.store.withTransaction(async (tx) => {
    const current = await getUser(tx, tenantId, id);
    assertVersion('user', current, ctx.ifMatch);
    const before = userAttributesOf(current);
    const next = change(before);
    const changed = changedKeys(before, next, USER_ATTRIBUTE_KEYS);
    if (changed.length === 0) return current;
    const {
      _id,
      tenantId: t,
      effectiveRoles,
      effectivePermissions,
      customPermissions,
      deniedPermissions,
      source,
      createdAt,
      samlNameId,
      assignedRoles,
      roleSources,
      samlAttributes,
    } = current;
    const base = {
      _id,
      tenantId: t,
      effectiveRoles,
      effectivePermissions,
      customPermissions,
      deniedPermissions,
      source,
      createdAt,
      ...(samlNameId ? { samlNameId } : {}),
      // Roster's own fields, which a SCIM PUT or PATCH never names, survive it.
      ...(assignedRoles ? { assignedRoles } : {}),
      ...(roleSources ? { roleSources } : {}),
      ...(samlAttributes ? { samlAttributes } : {}),
    };
    const updated = withDerived({ ...base, updatedAt: nowIso(deps), version: current.version + 1 }, next);
    await uniqueAs(taken(next), () =>
      tx.collection<UserDoc>('users').replaceOne({ _id: id, tenantId, version: current.version }, updated),
    );
    await deps.recorder.record(tx, tenantId, changeRecords(current, updated, changed, ctx));
    if (current.active !== updated.active) await recomputeEffectiveRoles(tx, deps.recorder, tenantId, [id]);
    return updated;
  });
}

/** Deletes the user and its memberships (RFC 7644 §3.6: afterwards the user is a 404). */
export async function deleteUser(deps: DomainDeps, tenantId: string, id: string, ctx: WriteContext): Promise<void> {
  await deps.store.withTransaction(async (tx) => {
    const current = await getUser(tx, tenantId, id);
    assertVersion('user', current, ctx.ifMatch);
    const groupIds = await removeUserEverywhere(tx, deps.recorder, tenantId, id, ctx);
    if (groupIds.length) {
      await tx
        .collection('groups')
        .updateMany({ tenantId, _id: { $in: groupIds } }, { $inc: { version: 1 }, $set: { updatedAt: nowIso(deps) } });
      // Derived roles go first, so downstream sees them withdrawn before the user disappears.
      await recomputeEffectiveRoles(tx, deps.recorder, tenantId, [id]);
    }
    await tx.collection<UserDoc>('users').deleteOne({ _id: id, tenantId });
    await deps.recorder.record(tx, tenantId, {
      events: [
        {
          type: 'user.deleted',
          subject: id,
          payload: { userName: current.userName, externalId: current.externalId, groupIds },
        },
      ],
      audit: [audit('user.deleted', id, ctx)],
    });
  });
}
