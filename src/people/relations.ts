import type { GroupDoc, MembershipDoc, UserDoc } from './types.js';
import { groupIdsOf, memberIdsOf } from './memberships.js';
import type { Db } from '../store/index.js';

/** A related resource as SCIM renders it: its id and a display name. */
export interface RelatedRef {
  id: string;
  display?: string;
}

/** Ids related to `id` through memberships: a group's members, or the groups a user is in. */
export type RelationLookup = (relation: 'groups' | 'members', id: string) => Promise<string[]>;

// Reads behind the derived attributes: a user's `groups` and a group's `members`, each page in
// a constant number of $in queries, whatever its size.

export async function groupRefsOfUsers(
  db: Db,
  tenantId: string,
  userIds: string[],
): Promise<Map<string, RelatedRef[]>> {
  const byUser = await groupIdsOf(db, tenantId, userIds);
  const groupIds = [...new Set([...byUser.values()].flat())];
  const result = new Map<string, RelatedRef[]>();
  if (groupIds.length === 0) return result;
  const groups = await db
    .collection<GroupDoc>('groups')
    .find({ tenantId, _id: { $in: groupIds } }, { projection: { displayName: 1 } });
  const names = new Map(groups.map((g) => [g._id, g.displayName]));
  for (const [userId, ids] of byUser)
    result.set(
      userId,
      ids.map((id) => ({ id, display: names.get(id) })),
    );
  return result;
}

export async function memberRefsOfGroups(
  db: Db,
  tenantId: string,
  groupIds: string[],
): Promise<Map<string, RelatedRef[]>> {
  const result = new Map<string, RelatedRef[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await db
    .collection<MembershipDoc>('memberships')
    .find({ tenantId, groupId: { $in: groupIds } }, { projection: { groupId: 1, userId: 1 } });
  const userIds = [...new Set(rows.map((m) => m.userId))];
  const users = userIds.length
    ? await db
        .collection<UserDoc>('users')
        .find({ tenantId, _id: { $in: userIds } }, { projection: { userName: 1, displayName: 1 } })
    : [];
  const names = new Map(users.map((u) => [u._id, u.displayName ?? u.userName]));
  for (const m of rows) result.get(m.groupId)?.push({ id: m.userId, display: names.get(m.userId) });
  return result;
}

/** Filters on groups.value (Users) and members.value (Groups) go through the memberships. */
export function relationLookup(db: Db, tenantId: string): RelationLookup {
  return async (relation, id) => {
    if (relation === 'groups') return memberIdsOf(db, tenantId, id);
    return (await groupIdsOf(db, tenantId, [id])).get(id) ?? [];
  };
}
