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
  'operator_key.created': 'an operator key for the ops console was issued (recorded under the platform tenant)',
  'operator_key.revoked': 'an operator key was revoked',
  'operator_key.rejected': 'an ops console sign-in presented an unknown, revoked or expired operator key',
  'operator.signed_in': 'an operator signed in to the ops console',
  'operator.signed_out': 'an operator signed out of the ops console',
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
  'siem_stream.created': 'a SIEM stream (Splunk HEC, syslog, Elastic, HTTPS JSON) was added',
  'siem_stream.updated': "a SIEM stream's name, target settings, credentials, category filter or batching changed",
  'siem_stream.paused': 'a SIEM stream was paused by an admin; its backlog waits in the store',
  'siem_stream.resumed': 'a paused or suspended SIEM stream was resumed from its cursor',
  'siem_stream.suspended': 'a SIEM stream was suspended after sustained delivery failure or a refused credential',
  'siem_stream.removed': 'a SIEM stream was removed',
  'siem_stream.replayed': "a SIEM stream's cursor was set back to re-ship a window of audit records",
  'siem_stream.test_sent': "a SIEM stream's target was checked for reachability and credentials",
  'siem_stream.records_skipped': 'the SIEM refused audit records permanently; the stream skipped them and went on',
} as const;

export type EventName = keyof typeof EVENT_CATALOGUE;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_CATALOGUE, name);
}
