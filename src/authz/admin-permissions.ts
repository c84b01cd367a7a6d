/**
 * Roster's own permissions, guarding its authorization and admin API. They use the same
 * resource:action grammar as every other permission, so `admin:*` covers them and design 000's
 * `keys:manage`, `usage:view` and `audit:view` mean the same thing here as in that preset.
 * An admin API key without a permission list holds admin:* in its tenant.
 */
export const ROSTER_PERMISSIONS = Object.freeze({
  authorize: 'authz:check',
  rolesRead: 'roles:read',
  rolesManage: 'roles:manage',
  mappingsManage: 'mappings:manage',
  aclsRead: 'acls:read',
  aclsManage: 'acls:manage',
  usersManage: 'users:manage',
  keysManage: 'keys:manage',
  usageView: 'usage:view',
  usageRecord: 'usage:record',
  quotasManage: 'quotas:manage',
  idpRead: 'idp:read',
  idpManage: 'idp:manage',
  connectorView: 'connector:view',
  connectorManage: 'connector:manage',
  siemView: 'siem:view',
  siemManage: 'siem:manage',
  // Design 001 team permissions; a team role grants them qualified by the team (team:manage:<id>).
  teamView: 'team:view',
  teamManage: 'team:manage',
  teamInvite: 'team:invite',
  teamRemove: 'team:remove',
  teamDelete: 'team:delete',
  tenantView: 'tenant:view',
  tenantManage: 'tenant:manage',
  networkRead: 'network:read',
  networkManage: 'network:manage',
  auditView: 'audit:view',
  auditManage: 'audit:manage',
  eventsRead: 'events:read',
});
