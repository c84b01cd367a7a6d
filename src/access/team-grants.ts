import type { TeamDoc, TeamMemberDoc } from '../teams/index.js';
import type { TeamRole } from '../rbac/index.js';
import type { Db } from '../store/index.js';

// What teams give their members in effective-role recomputation (design 001 Step 4): a team role
// (owner / admin / member) grants team-qualified permissions, and a team may carry a tenant role
// every member holds. Members are the team's own teamMembers documents, plus, for a team mapped
// from an IdP group, every member of that group (role member) unless listed with another role.

export interface TeamGrant {
  teamId: string;
  name: string;
  role: TeamRole;
  tenantRole?: string;
}

const RANK: Record<TeamRole, number> = { owner: 3, admin: 2, member: 1 };

function add(result: Map<string, Map<string, TeamGrant>>, userId: string, grant: TeamGrant): void {
  const byTeam = result.get(userId) ?? new Map<string, TeamGrant>();
  const held = byTeam.get(grant.teamId);
  if (!held || RANK[grant.role] > RANK[held.role]) byTeam.set(grant.teamId, grant);
  result.set(userId, byTeam);
}

/** userId → the teams they belong to, with their role in each. `groupIds`: each user's group ids. */
export async function teamGrantsByUser(
  tx: Db,
  tenantId: string,
  userIds: string[],
  groupIds: Map<string, string[]>,
): Promise<Map<string, TeamGrant[]>> {
  const members = await tx
    .collection<TeamMemberDoc>('teamMembers')
    .find({ tenantId, userId: { $in: userIds } }, { projection: { teamId: 1, userId: 1, role: 1 } });
  const allGroups = [...new Set([...groupIds.values()].flat())];
  const mapped = allGroups.length
    ? await tx.collection<TeamDoc>('teams').find({ tenantId, groupId: { $in: allGroups } })
    : [];
  const explicitIds = [...new Set(members.map((m) => m.teamId))].filter((id) => !mapped.some((t) => t._id === id));
  const explicit = explicitIds.length
    ? await tx.collection<TeamDoc>('teams').find({ tenantId, _id: { $in: explicitIds } })
    : [];
  const teams = new Map([...mapped, ...explicit].map((t) => [t._id, t]));
  const grant = (team: TeamDoc, role: TeamRole): TeamGrant => ({
    teamId: team._id,
    name: team.name,
    role,
    ...(team.role ? { tenantRole: team.role } : {}),
  });
  const result = new Map<string, Map<string, TeamGrant>>();
  for (const m of members) {
    const team = teams.get(m.teamId);
    if (team) add(result, m.userId, grant(team, m.role));
  }
  for (const [userId, groups] of groupIds) {
    for (const team of mapped) if (groups.includes(team.groupId!)) add(result, userId, grant(team, 'member'));
  }
  return new Map([...result].map(([userId, byTeam]) => [userId, [...byTeam.values()]]));
}
