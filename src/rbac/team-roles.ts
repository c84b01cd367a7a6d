// Roles within a team (design 001 Step 4: owner / admin / member) and what each may do to its own
// team. They are granted as team-qualified permissions (`team:manage:<teamId>`), so a team admin
// manages their team and no other, and the org-wide `team:manage` (design 001 admin) still covers all.

export const TEAM_ROLES = ['owner', 'admin', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_ROLE_ACTIONS: Readonly<Record<TeamRole, readonly string[]>> = Object.freeze({
  owner: ['view', 'invite', 'manage', 'remove', 'delete'],
  admin: ['view', 'invite', 'manage', 'remove'],
  member: ['view'],
});

export function isTeamRole(value: unknown): value is TeamRole {
  // Stryker disable next-line ConditionalExpression: includes() finds no non-string either
  return typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value);
}

export function teamPermissions(teamId: string, role: TeamRole): string[] {
  return TEAM_ROLE_ACTIONS[role].map((action) => `team:${action}:${teamId}`);
}

/**
 * What allows `action` on one team: the org-wide permission (design 001 manager's team:invite), the
 * team-qualified one a team role grants, or the org-wide team:manage (design 001 admin).
 */
export function teamActionPermissions(teamId: string, action: string): string[] {
  return [...new Set([`team:${action}`, `team:${action}:${teamId}`, 'team:manage'])];
}
