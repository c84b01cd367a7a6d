import type { Actor, DomainEventInput } from '../audit/index.js';
import { findUser } from '../access/index.js';
import { newId, nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { GroupDoc } from '../people/index.js';
import type { Db } from '../store/index.js';
import { commitTeamChange, teamUserIds } from './team-change.js';
import type { InvitationDoc, TeamDoc, TeamMemberDoc } from './types.js';

// Teams (design 001 TeamManager.createTeam): created by an administrator (the creator, when a
// user, becomes its owner) or mapped from an IdP group, whose members then belong to it.

export interface CreateTeamInput {
  tenantId: string;
  name: string;
  description?: string;
  /** An IdP group (Roster id, externalId or displayName) whose members are the team's members. */
  group?: string;
  /** A tenant role every member holds. */
  role?: string;
  /** A user (id or userName) added as the team's first owner. */
  owner?: string;
  actor: Actor;
}

export function teamView(team: TeamDoc) {
  return {
    id: team._id,
    name: team.name,
    ...(team.description ? { description: team.description } : {}),
    groupId: team.groupId ?? null,
    role: team.role ?? null,
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}

async function resolveGroup(db: Db, tenantId: string, ref: string): Promise<GroupDoc> {
  const groups = db.collection<GroupDoc>('groups');
  const group =
    (await groups.findOne({ _id: ref, tenantId })) ??
    (await groups.findOne({ tenantId, externalId: ref })) ??
    (await groups.findOne({ tenantId, displayNameLower: ref.toLowerCase() }));
  if (!group) throw new RosterError('not_found', `group ${ref} does not exist in tenant ${tenantId}`);
  return group;
}

async function assertRole(db: Db, tenantId: string, role: string | undefined): Promise<void> {
  if (role === undefined) return;
  if (!(await db.collection('roles').findOne({ tenantId, name: role })))
    throw new RosterError('role_not_found', `role ${role} does not exist in tenant ${tenantId}`);
}

/** A team by id or (case-insensitive) name. */
export async function getTeam(db: Db, tenantId: string, ref: string): Promise<TeamDoc> {
  const teams = db.collection<TeamDoc>('teams');
  const team =
    (await teams.findOne({ _id: ref, tenantId })) ?? (await teams.findOne({ tenantId, nameLower: ref.toLowerCase() }));
  if (!team) throw new RosterError('not_found', `team ${ref} does not exist in tenant ${tenantId}`);
  return team;
}

export async function listTeams(deps: DomainDeps, tenantId: string): Promise<TeamDoc[]> {
  return deps.store.collection<TeamDoc>('teams').find({ tenantId }, { sort: { nameLower: 1 } });
}

function assertName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new RosterError('invalid_input', 'a team name is 1-200 characters');
  return trimmed;
}

export async function createTeam(deps: DomainDeps, input: CreateTeamInput): Promise<TeamDoc> {
  const name = assertName(input.name);
  const time = nowIso(deps);
  try {
    return await commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
      const group = input.group === undefined ? undefined : await resolveGroup(tx, input.tenantId, input.group);
      await assertRole(tx, input.tenantId, input.role);
      const owner = input.owner === undefined ? undefined : await findUser(deps.store, input.tenantId, input.owner);
      if (input.owner !== undefined && !owner)
        throw new RosterError('not_found', `user ${input.owner} does not exist in tenant ${input.tenantId}`);
      const team: TeamDoc = {
        _id: newId(),
        tenantId: input.tenantId,
        name,
        nameLower: name.toLowerCase(),
        ...(input.description ? { description: input.description } : {}),
        ...(group ? { groupId: group._id } : {}),
        ...(input.role ? { role: input.role } : {}),
        createdAt: time,
        updatedAt: time,
        createdBy: input.actor,
      };
      await tx.collection<TeamDoc>('teams').insertOne(team);
      const events: DomainEventInput[] = [
        {
          type: 'team.created',
          subject: team._id,
          payload: { name, groupId: team.groupId ?? null, role: team.role ?? null },
        },
      ];
      if (owner) {
        const member: TeamMemberDoc = {
          _id: newId(),
          tenantId: input.tenantId,
          teamId: team._id,
          userId: owner._id,
          role: 'owner',
          joinedAt: time,
          addedBy: input.actor,
        };
        await tx.collection<TeamMemberDoc>('teamMembers').insertOne(member);
        events.push({
          type: 'team.member_added',
          subject: team._id,
          payload: { teamName: name, userId: owner._id, userName: owner.userName, role: 'owner' },
        });
      }
      return { result: team, events, affected: await teamUserIds(tx, team) };
    });
  } catch (err) {
    if (err instanceof RosterError && err.code === 'store_unique_violation')
      throw new RosterError('team_exists', `a team named "${name}" already exists in tenant ${input.tenantId}`);
    throw err;
  }
}

/** Deletes the team, its own member list and its pending invitations; members lose what it gave. */
export async function deleteTeam(
  deps: DomainDeps,
  input: { tenantId: string; team: string; actor: Actor },
): Promise<void> {
  await commitTeamChange(deps, input.tenantId, input.actor, async (tx) => {
    const team = await getTeam(tx, input.tenantId, input.team);
    const affected = await teamUserIds(tx, team);
    await tx.collection<TeamMemberDoc>('teamMembers').deleteMany({ tenantId: input.tenantId, teamId: team._id });
    await tx
      .collection<InvitationDoc>('invitations')
      .updateMany(
        { tenantId: input.tenantId, teamId: team._id, state: 'pending' },
        { $set: { state: 'revoked', revokedAt: nowIso(deps) } },
      );
    await tx.collection<TeamDoc>('teams').deleteOne({ _id: team._id, tenantId: input.tenantId });
    return {
      result: undefined,
      events: [{ type: 'team.deleted', subject: team._id, payload: { name: team.name, memberIds: affected } }],
      affected,
    };
  });
}
