import type { ConnectorScope } from './types.js';

// Scope (Entra's "sync only assigned users and groups"): with `groups`, a user is in scope while
// a member of one of the chosen groups, and only those groups are pushed.

export function userInScope(scope: ConnectorScope, groupIdsOfUser: readonly string[]): boolean {
  if (scope.type === 'all') return true;
  return groupIdsOfUser.some((id) => scope.groupIds.includes(id));
}

export function groupInScope(scope: ConnectorScope, groupId: string): boolean {
  return scope.type === 'all' || scope.groupIds.includes(groupId);
}
