// The audit and domain event catalogue: every `noun.verb` Roster writes, with what it means.
// Add a name here before using it; recorder.record() refuses names it does not know, so a typo
// cannot create an event type that no SIEM rule watches for.
export const EVENT_CATALOGUE = {
  'tenant.created': 'a tenant (customer organization) was created',
  'tenant.updated': "a tenant's name, plan or settings changed",
  'scim_token.created': 'a SCIM bearer token was issued for a tenant',
  'scim_token.revoked': 'a SCIM bearer token was revoked',
  'scim_token.rejected': 'a SCIM request presented a missing, wrong, revoked or expired token',
  'api_key.created': 'an admin or scoped API key was issued',
  'api_key.revoked': 'an API key was revoked',
  'api_key.approved': 'a scoped key waiting for approval (plan setting requireApproval) was approved',
  'api_key.rejected': 'a request presented an unknown, revoked or expired API key',
  'user.created': 'a user was provisioned',
  'user.updated': "a user's attributes changed",
  'user.deactivated': 'a user was deactivated (active=false)',
  'user.reactivated': 'a deactivated user was activated again',
  'user.deleted': 'a user was deleted',
  'user.roles_changed': "a user's effective roles or permissions changed",
  'user.login': 'a user logged in through SAML',
  'user.login_failed': 'a SAML login was refused',
  'user.logout': 'a user ended their session',
  'group.created': 'a group was provisioned',
  'group.updated': "a group's attributes changed",
  'group.deleted': 'a group was deleted',
  'group.member_added': 'a user was added to a group',
  'group.member_removed': 'a user was removed from a group',
  'role.created': 'a role was defined',
  'role.updated': "a role's permissions or inheritance changed",
  'role.deleted': 'a role was removed',
  'role_mapping.updated': "a tenant's IdP group to role mapping changed",
  'resource_acl.updated': 'a resource access list changed',
  'access_policy.updated':
    "a tenant's role preset, ACL policy (admin groups, resource kinds) or quota overrides changed",
  'access.denied': 'an authorization check denied a request',
  'access.granted': 'an authorization check allowed a request (recorded when the asking application requests it)',
  'idp_connection.created': 'a SAML IdP connection was added',
  'idp_connection.updated': 'a SAML IdP connection changed',
  'idp_connection.deleted': 'a SAML IdP connection was removed',
  'connector.created': 'a downstream connector (SCIM, GitHub, webhook, REST target) was added to a tenant',
  'connector.updated': "a downstream connector's configuration, scope or guard changed",
  'connector.paused': 'an operator paused a downstream connector',
  'connector.resumed': 'a paused or quarantined connector was resumed (a full sync follows)',
  'connector.removed': 'a downstream connector and its sync state were removed',
  'connector.quarantined': 'the sync engine quarantined a connector whose calls keep failing or whose credentials were refused',
  'connector.tested': "an operator checked a connector's credentials and reachability",
  'connector.sync_failed': 'a sync job for one user or group failed for good and went to the dead-letter set',
  'connector.deletes_held': 'a sync run would deprovision more users than the deletion guard allows; they wait for approval',
  'connector.deletes_approved': 'an operator approved the deprovisions the deletion guard held',
  'sync.full_started': 'a full sync of a connector (every user and group re-planned) started',
  'sync.full_completed': 'a full sync of a connector finished, with its summary',
} as const;

export type EventName = keyof typeof EVENT_CATALOGUE;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_CATALOGUE, name);
}
