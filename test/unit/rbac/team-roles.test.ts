import { describe, expect, it } from 'vitest';
import {
  checkAny,
  checkerOf,
  compileRoles,
  compileSubject,
  isTeamRole,
  type TEAM_ROLES,
  teamActionPermissions,
  teamPermissions,
} from '../../../src/rbac/index.js';

// Design 001 Step 4: a team role grants team-qualified permissions (what src/access/effective-roles.ts
// stores on the member), and a team action is allowed by the org-wide permission, the qualified one
// or team:manage (what src/authz/team-routes.ts checks).

const catalog = compileRoles([
  { name: 'member', permissions: ['transcript:read'] },
  { name: 'manager', permissions: ['team:invite'] },
  { name: 'admin', permissions: ['team:manage'] },
]);

/** May a user with these org roles and team memberships do `action` on team `teamId`? */
function may(roles: string[], teams: [string, (typeof TEAM_ROLES)[number]][], action: string, teamId: string) {
  const subject = compileSubject(catalog, {
    roles,
    customPermissions: teams.flatMap(([id, role]) => teamPermissions(id, role)),
  });
  return checkAny(checkerOf(subject), teamActionPermissions(teamId, action)).allow;
}

describe('team roles', () => {
  it('accepts exactly owner, admin and member', () => {
    for (const role of ['owner', 'admin', 'member']) expect(isTeamRole(role)).toBe(true);
    for (const value of ['Owner', 'manager', '', 'owner ', undefined, null, 1, ['owner']])
      expect(isTeamRole(value)).toBe(false);
  });

  it('grants each role its actions on its own team only', () => {
    expect(teamPermissions('t1', 'owner')).toEqual([
      'team:view:t1',
      'team:invite:t1',
      'team:manage:t1',
      'team:remove:t1',
      'team:delete:t1',
    ]);
    expect(teamPermissions('t1', 'admin')).toEqual([
      'team:view:t1',
      'team:invite:t1',
      'team:manage:t1',
      'team:remove:t1',
    ]);
    expect(teamPermissions('t2', 'member')).toEqual(['team:view:t2']);
  });

  it.each([
    ['a team member views their team', [], [['t1', 'member']], 'view', 't1', true],
    ['a team member does not invite', [], [['t1', 'member']], 'invite', 't1', false],
    ['a team admin invites to their team', [], [['t1', 'admin']], 'invite', 't1', true],
    ['a team admin of t1 does not invite to t2', [], [['t1', 'admin']], 'invite', 't2', false],
    ['a team admin does not delete their team', [], [['t1', 'admin']], 'delete', 't1', false],
    ['a team owner deletes their team', [], [['t1', 'owner']], 'delete', 't1', true],
    ['an org manager invites to any team', ['manager'], [], 'invite', 't9', true],
    ['an org manager does not remove members', ['manager'], [], 'remove', 't9', false],
    ['an org admin (team:manage) deletes any team', ['admin'], [], 'delete', 't9', true],
    ['an org member with no team role views no team', ['member'], [], 'view', 't1', false],
  ] as const)('%s', (_what, roles, teams, action, teamId, allowed) => {
    expect(
      may(
        [...roles],
        teams.map(([id, role]) => [id, role]),
        action,
        teamId,
      ),
    ).toBe(allowed);
  });

  it('lists each permission that allows an action once', () => {
    expect(teamActionPermissions('t1', 'view')).toEqual(['team:view', 'team:view:t1', 'team:manage']);
    expect(teamActionPermissions('t1', 'manage')).toEqual(['team:manage', 'team:manage:t1']);
  });
});
