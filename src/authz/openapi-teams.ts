import type { z } from 'zod';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import * as T from './team-schemas.js';

// /v1/openapi.json entries for teams, invitations, role assignment and the tenant's plan.

export interface TeamOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  permission: string;
  body?: z.ZodType;
  ok: { status: number; schema?: string; description?: string };
  params?: string[];
}

const onTeam = (action: string) => `team:${action}, team:${action}:{team id} (its role in the team) or team:manage`;

export const TEAM_OPERATIONS: TeamOperation[] = [
  {
    method: 'post',
    path: '/v1/teams',
    summary: 'Create a team (optionally mapped from an IdP group, with a first owner)',
    permission: P.teamManage,
    body: T.teamCreateSchema,
    ok: { status: 201 },
  },
  { method: 'get', path: '/v1/teams', summary: 'List teams', permission: P.teamView, ok: { status: 200 } },
  {
    method: 'get',
    path: '/v1/teams/{team}',
    summary: 'A team (by id or name) and its members with their team roles',
    permission: onTeam('view'),
    params: ['team'],
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/teams/{team}',
    summary: 'Delete a team, its member list and its pending invitations',
    permission: onTeam('delete'),
    params: ['team'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/teams/{team}/members',
    summary: 'Add a member (team role owner, admin or member)',
    permission: onTeam('manage'),
    params: ['team'],
    body: T.memberAddSchema,
    ok: { status: 201 },
  },
  {
    method: 'patch',
    path: '/v1/teams/{team}/members/{user}',
    summary: "Change a member's team role (a team keeps one owner)",
    permission: onTeam('manage'),
    params: ['team', 'user'],
    body: T.memberRoleSchema,
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/teams/{team}/members/{user}',
    summary: 'Remove a member',
    permission: onTeam('remove'),
    params: ['team', 'user'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/teams/{team}/invitations',
    summary: 'Invite by email; the single-use token is shown once',
    permission: onTeam('invite'),
    params: ['team'],
    body: T.invitationSchema,
    ok: { status: 201 },
  },
  {
    method: 'get',
    path: '/v1/teams/{team}/invitations',
    summary: "A team's invitations with their status",
    permission: onTeam('view'),
    params: ['team'],
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/teams/{team}/invitations/{id}',
    summary: 'Revoke a pending invitation',
    permission: onTeam('invite'),
    params: ['team', 'id'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/invitations/accept',
    summary: 'Accept an invitation by its token for a user',
    permission: `${P.teamManage} (a scoped key accepting for its own user needs none)`,
    body: T.acceptSchema,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/users/{id}/roles',
    summary: 'Effective roles with their source (idp, assigned, team) and the assigned roles',
    permission: P.rolesRead,
    params: ['id'],
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/users/{id}/roles',
    summary: 'Assign a role directly (kept whatever the IdP later says)',
    permission: P.usersManage,
    params: ['id'],
    body: T.roleAssignSchema,
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/users/{id}/roles/{role}',
    summary: 'Withdraw a directly assigned role',
    permission: P.usersManage,
    params: ['id', 'role'],
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/tenant',
    summary: "The calling key's tenant: plan and settings",
    permission: P.tenantView,
    ok: { status: 200 },
  },
  {
    method: 'patch',
    path: '/v1/tenant',
    summary:
      'Change the plan (settings reset to its defaults) and settings (allowedModels, maxRequestsPerDay, ' +
      'requireApproval)',
    permission: P.tenantManage,
    body: T.tenantUpdateSchema,
    ok: { status: 200 },
  },
];
