import type { Actor } from '../audit/index.js';
import { findUser } from '../access/index.js';
import { newId, nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { MembershipDoc, UserDoc } from '../people/index.js';
import { isTeamRole, TEAM_ROLES, type TeamRole } from '../rbac/index.js';
import type { Db } from '../store/index.js';
import { commitTeamChange } from './team-change.js';
import { getTeam } from './teams.js';
import type { TeamDoc, TeamMemberDoc } from './types.js';

// Team members and their role within the team (design 001 addMember, removeMember,
// updateMemberRole, getTeamMembers). A team keeps at least one owner.

export interface TeamMemberView {
  userId: string;
  userName: string;
  email: string | null;
  role: TeamRole;
  /** team: listed on the team; group: a member of the IdP group the team is mapped from. */
  via: 'team' | 'group';
  joinedAt?: string;
}

export function assertTeamRole(role: string): TeamRole {
  if (!isTeamRole(role)) throw new RosterError('invalid_input', `team role must be one of ${TEAM_ROLES.join(', ')}`);
  return role;
}

async function requireUser(deps: DomainDeps, tenantId: string, ref: string): Promise<UserDoc> {
  const user = await findUser(deps.store, tenantId, ref);
  if (!user) throw new RosterError('not_found', `user ${ref} does not exist in tenant ${tenantId}`);
  return user;
}

const emailOf = (u: UserDoc) => u.primaryEmailLower ?? u.emails?.[0]?.value ?? null;

export async function listMembers(deps: DomainDeps, tenantId: string, teamRef: string): Promise<TeamMemberView[]> {
  const db = deps.store;
  const team = await getTeam(db, tenantId, teamRef);
  const own = await db.collection<TeamMemberDoc>('teamMembers').find({ tenantId, teamId: team._id });
  const listed = new Set(own.map((m) => m.userId));
  const mapped = team.groupId
    ? (
        await db
          .collection<MembershipDoc>('memberships')
          .find({ tenantId, groupId: team.groupId }, { projection: { userId: 1 } })
      ).filter((m) => !listed.has(m.userId))
    : [];
  const ids = [...listed, ...mapped.map((m) => m.userId)];
  const users = new Map(
    (await db.collection<UserDoc>('users').find({ tenantId, _id: { $in: ids } })).map((u) => [u._id, u]),
  );
  const view = (userId: string, role: TeamRole, via: 'team' | 'group', joinedAt?: string): TeamMemberView[] => {
    const u = users.get(userId);
    return u ? [{ userId, userName: u.userName, email: emailOf(u), role, via, ...(joinedAt ? { joinedAt } : {}) }] : [];
  };
  const rank = (r: TeamRole) => TEAM_ROLES.indexOf(r);
  return [
    ...own.flatMap((m) => view(m.userId, m.role, 'team', m.joinedAt)),
    ...mapped.flatMap((m) => view(m.userId, 'member', 'group')),
  ].sort((a, b) => rank(a.role) - rank(b.role) || a.userName.localeCompare(b.userName));
}

async function assertKeepsOwner(tx: Db, team: TeamDoc, leaving: TeamMemberDoc): Promise<void> {
  if (leaving.role !== 'owner') return;
  const owners = await tx.collection<TeamMemberDoc>('teamMembers').countDocuments({
    tenantId: team.tenantId,
    teamId: team._id,
    role: 'owner',
  });
  if (owners <= 1)
    throw new RosterError('last_team_owner', `team ${team.name} must keep an owner; make someone else owner first`);
}

async function memberOf(tx: Db, team: TeamDoc, userId: string): Promise<TeamMemberDoc> {
  const member = await tx
    .collection<TeamMemberDoc>('teamMembers')
    .findOne({ tenantId: team.tenantId, teamId: team._id, userId });
  if (!member) throw new RosterError('not_found', `user ${userId} is not a listed member of team ${team.name}`);
  return member;
}

export interface MemberInput {
  tenantId: string;
  team: string;
  user: string;
  actor: Actor;
}

export async function addMember(deps: DomainDeps, input: MemberInput & { role?: string }): Promise<TeamMemberDoc> {
  const role = assertTeamRole(input.role ?? 'member');
  const user = await requireUser(deps, input.tenantId, input.user);
  return commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
    const team = await getTeam(tx, input.tenantId, input.team);
    const doc: TeamMemberDoc = {
      _id: newId(),
      tenantId: input.tenantId,
      teamId: team._id,
      userId: user._id,
      role,
      joinedAt: nowIso(deps),
      addedBy: input.actor,
    };
    try {
      await tx.collection<TeamMemberDoc>('teamMembers').insertOne(doc);
    } catch (err) {
      if (err instanceof RosterError && err.code === 'store_unique_violation')
        throw new RosterError('team_member_exists', `${user.userName} is already a member of team ${team.name}`);
      throw err;
    }
    return {
      result: doc,
      events: [
        {
          type: 'team.member_added',
          subject: team._id,
          payload: { teamName: team.name, userId: user._id, userName: user.userName, email: emailOf(user), role },
        },
      ],
      affected: [user._id],
    };
  });
}

export async function removeMember(deps: DomainDeps, input: MemberInput): Promise<void> {
  const user = await requireUser(deps, input.tenantId, input.user);
  await commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
    const team = await getTeam(tx, input.tenantId, input.team);
    const member = await memberOf(tx, team, user._id);
    await assertKeepsOwner(tx, team, member);
    await tx.collection<TeamMemberDoc>('teamMembers').deleteOne({ _id: member._id, tenantId: input.tenantId });
    return {
      result: undefined,
      events: [
        {
          type: 'team.member_removed',
          subject: team._id,
          payload: { teamName: team.name, userId: user._id, userName: user.userName, role: member.role },
        },
      ],
      affected: [user._id],
    };
  });
}

export async function setMemberRole(deps: DomainDeps, input: MemberInput & { role: string }): Promise<TeamMemberDoc> {
  const role = assertTeamRole(input.role);
  const user = await requireUser(deps, input.tenantId, input.user);
  return commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
    const team = await getTeam(tx, input.tenantId, input.team);
    const member = await memberOf(tx, team, user._id);
    if (role !== 'owner') await assertKeepsOwner(tx, team, member);
    const updated = (await tx
      .collection<TeamMemberDoc>('teamMembers')
      .findOneAndUpdate({ _id: member._id, tenantId: input.tenantId }, { $set: { role } }))!;
    const events =
      member.role === role
        ? []
        : [
            {
              type: 'team.member_role_changed' as const,
              subject: team._id,
              payload: {
                teamName: team.name,
                userId: user._id,
                userName: user.userName,
                role,
                previousRole: member.role,
              },
            },
          ];
    return { result: updated, events, affected: [user._id] };
  });
}
