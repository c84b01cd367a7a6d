import { createHash } from 'node:crypto';
import {
  groupInScope,
  syncStateId,
  userInScope,
  type ConnectorDoc,
  type SyncStateDoc,
} from '../../src/connectors/index.js';
import { groupIdsOf, memberIdsOf, type GroupDoc, type UserDoc } from '../../src/people/index.js';
import type { Db } from '../../src/store/index.js';
import type { DesiredGroup, DesiredUser } from './connector.js';

// The desired downstream state of one object, read from the store when the job runs (never from
// the event that caused it), so a job that waited cannot apply a stale state.

export type UserWish =
  | { present: true; user: DesiredUser; groupIds: string[] }
  | { present: false; reason: 'deleted' | 'out_of_scope'; user?: DesiredUser };

export function desiredUserOf(doc: UserDoc): DesiredUser {
  const primary = doc.emails?.find((e) => e.primary) ?? doc.emails?.[0];
  const user: DesiredUser = { id: doc._id, userName: doc.userName, active: doc.active };
  if (doc.externalId) user.externalId = doc.externalId;
  if (primary?.value) user.email = primary.value;
  if (doc.name?.givenName) user.givenName = doc.name.givenName;
  if (doc.name?.familyName) user.familyName = doc.name.familyName;
  if (doc.displayName) user.displayName = doc.displayName;
  if (doc.effectiveRoles?.length) user.roles = [...doc.effectiveRoles];
  return user;
}

export async function readUserWish(db: Db, connector: ConnectorDoc, userId: string): Promise<UserWish> {
  const doc = await db.collection<UserDoc>('users').findOne({ tenantId: connector.tenantId, _id: userId });
  if (!doc) return { present: false, reason: 'deleted' };
  const groupIds = (await groupIdsOf(db, connector.tenantId, [userId])).get(userId) ?? [];
  const user = desiredUserOf(doc);
  if (!userInScope(connector.scope, groupIds)) return { present: false, reason: 'out_of_scope', user };
  return { present: true, user, groupIds: groupIds.filter((g) => groupInScope(connector.scope, g)) };
}

export type GroupWish =
  | { present: true; group: DesiredGroup; memberIds: string[] }
  | { present: false; reason: 'deleted' | 'out_of_scope' };

export async function readGroupWish(db: Db, connector: ConnectorDoc, groupId: string): Promise<GroupWish> {
  if (!groupInScope(connector.scope, groupId)) return { present: false, reason: 'out_of_scope' };
  const doc = await db.collection<GroupDoc>('groups').findOne({ tenantId: connector.tenantId, _id: groupId });
  if (!doc) return { present: false, reason: 'deleted' };
  const group: DesiredGroup = { id: doc._id, displayName: doc.displayName };
  if (doc.externalId) group.externalId = doc.externalId;
  return { present: true, group, memberIds: await memberIdsOf(db, connector.tenantId, groupId) };
}

/** userId → remote id of the members this connector has provisioned (and not deleted). */
export async function remoteIdsOfUsers(
  db: Db,
  connector: ConnectorDoc,
  userIds: string[],
): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  if (userIds.length === 0) return refs;
  const states = await db.collection<SyncStateDoc>('syncState').find(
    // By derived _id (the primary key), not objectId, which would scan every user state of the connector.
    { tenantId: connector.tenantId, _id: { $in: userIds.map((id) => syncStateId(connector._id, 'user', id)) } },
    { projection: { objectId: 1, remoteId: 1, status: 1 } },
  );
  for (const s of states) if (s.remoteId && s.status !== 'held') refs.set(s.objectId, s.remoteId);
  return refs;
}

/** A stable hash of what would be sent, so an unchanged object costs no downstream call. */
export function hashOf(value: unknown): string {
  const canonical = JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}
