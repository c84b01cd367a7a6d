// The audit and domain event catalogue: every `noun.verb` Roster writes, what it means and the
// category a SIEM stream filters by. Add a name here before using it; recorder.record() refuses
// names it does not know, so a typo cannot create an event type that no SIEM rule watches for.
// docs/audit-events.md is generated from this table (`npm run docs:audit`).

export const EVENT_CATEGORIES = ['authentication', 'iam', 'access', 'configuration'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export interface CatalogueEntry {
  description: string;
  category: EventCategory;
}

const authentication = (description: string) => ({ description, category: 'authentication' }) as const;
const iam = (description: string) => ({ description, category: 'iam' }) as const;
const access = (description: string) => ({ description, category: 'access' }) as const;
const configuration = (description: string) => ({ description, category: 'configuration' }) as const;

export const EVENT_CATALOGUE = {
  'tenant.created': configuration('a tenant (customer organization) was created'),
  'tenant.updated': configuration("a tenant's name, plan or settings changed"),
  'scim_token.created': iam('a SCIM bearer token was issued for a tenant'),
  'scim_token.revoked': iam('a SCIM bearer token was revoked'),
  'scim_token.rejected': iam('a SCIM request presented a missing, wrong, revoked or expired token'),
  'api_key.created': iam('an admin or scoped API key was issued'),
  'api_key.revoked': iam('an API key was revoked'),
  'api_key.approved': iam('a scoped key waiting for approval (plan setting requireApproval) was approved'),
  'api_key.rejected': iam('a request presented an unknown, revoked or expired API key'),
  'user.created': iam('a user was provisioned'),
  'user.updated': iam("a user's attributes changed"),
  'user.deactivated': iam('a user was deactivated (active=false)'),
  'user.reactivated': iam('a deactivated user was activated again'),
  'user.deleted': iam('a user was deleted'),
  'user.roles_changed': iam("a user's effective roles or permissions changed"),
  'user.login': authentication('a user logged in through SAML'),
  'user.login_failed': authentication('a SAML login was refused'),
  'user.logout': authentication('a user ended their session'),
  'group.created': iam('a group was provisioned'),
  'group.updated': iam("a group's attributes changed"),
  'group.deleted': iam('a group was deleted'),
  'group.member_added': iam('a user was added to a group'),
  'group.member_removed': iam('a user was removed from a group'),
  'role.created': iam('a role was defined'),
  'role.updated': iam("a role's permissions or inheritance changed"),
  'role.deleted': iam('a role was removed'),
  'role_mapping.updated': iam("a tenant's IdP group to role mapping changed"),
  'resource_acl.updated': configuration('a resource access list changed'),
  'access_policy.updated': configuration(
    "a tenant's role preset, ACL policy (admin groups, resource kinds) or quota overrides changed",
  ),
  'access.denied': access('an authorization check denied a request'),
  'access.granted': access(
    'an authorization check allowed a request (recorded when the asking application requests it)',
  ),
  'audit_retention.updated': configuration("a tenant's audit record retention changed"),
  'idp_connection.created': configuration('a SAML IdP connection was added'),
  'idp_connection.updated': configuration('a SAML IdP connection changed'),
  'idp_connection.deleted': configuration('a SAML IdP connection was removed'),
  'tenant.ip_allow_lists_set': configuration(
    "a tenant's IP allow-lists (SCIM, admin/authorization API, SAML login) changed",
  ),
  'operator_key.created': iam('an operator key for the ops console was issued (recorded under the platform tenant)'),
  'operator_key.revoked': iam('an operator key was revoked'),
  'operator_key.rejected': iam('an ops console sign-in presented an unknown, revoked or expired operator key'),
  'operator.signed_in': authentication('an operator signed in to the ops console'),
  'operator.signed_out': authentication('an operator signed out of the ops console'),
  'user.role_assigned': iam('an administrator granted a role to a user directly (kept whatever the IdP says)'),
  'user.role_unassigned': iam('an administrator withdrew a directly granted role from a user'),
  'team.created': iam('a team was created by an administrator or mapped from an IdP group'),
  'team.updated': iam("a team's name, description, mapped group or role changed"),
  'team.deleted': iam('a team was deleted with its members and pending invitations'),
  'team.member_added': iam('a user joined a team (added by an administrator or by accepting an invitation)'),
  'team.member_removed': iam('a user left a team'),
  'team.member_role_changed': iam("a team member's role within the team (owner, admin, member) changed"),
  'invitation.created': iam('a user was invited to a team by email'),
  'invitation.accepted': iam('an invitation was accepted (first SAML login, SCIM provisioning or its token)'),
  'invitation.revoked': iam('a pending invitation was withdrawn'),
  'access.ip_refused': access(
    "a request from an address outside the tenant's IP allow-list was refused (one record per address, surface " +
      'and minute, with a count)',
  ),
  'siem_stream.created': configuration('a SIEM stream (Splunk HEC, syslog, Elastic, HTTPS JSON) was added'),
  'siem_stream.updated': configuration(
    "a SIEM stream's name, target settings, credentials, category filter or batching changed",
  ),
  'siem_stream.paused': configuration('a SIEM stream was paused by an admin; its backlog waits in the store'),
  'siem_stream.resumed': configuration('a paused or suspended SIEM stream was resumed from its cursor'),
  'siem_stream.suspended': configuration(
    'a SIEM stream was suspended after sustained delivery failure or a refused credential',
  ),
  'siem_stream.removed': configuration('a SIEM stream was removed'),
  'siem_stream.replayed': configuration("a SIEM stream's cursor was set back to re-ship a window of audit records"),
  'siem_stream.test_sent': configuration("a SIEM stream's target was checked for reachability and credentials"),
  'siem_stream.records_skipped': configuration(
    'the SIEM refused audit records permanently; the stream skipped them and went on',
  ),
  'connector.created': configuration(
    'a downstream connector (SCIM, GitHub, webhook, REST target) was added to a tenant',
  ),
  'connector.updated': configuration("a downstream connector's configuration, scope or guard changed"),
  'connector.paused': configuration('an operator paused a downstream connector'),
  'connector.resumed': configuration('a paused or quarantined connector was resumed (a full sync follows)'),
  'connector.removed': configuration('a downstream connector and its sync state were removed'),
  'connector.quarantined': configuration(
    'the sync engine quarantined a connector whose calls keep failing or whose credentials were refused',
  ),
  'connector.tested': configuration("an operator checked a connector's credentials and reachability"),
  'connector.sync_failed': configuration(
    'a sync job for one user or group failed for good and went to the dead-letter set',
  ),
  'connector.deletes_held': configuration(
    'a sync run would deprovision more users than the deletion guard allows; they wait for approval',
  ),
  'connector.deletes_approved': configuration('an operator approved the deprovisions the deletion guard held'),
  'sync.full_started': configuration('a full sync of a connector (every user and group re-planned) started'),
  'sync.full_completed': configuration('a full sync of a connector finished, with its summary'),
  'sync.dead_letters_retried': configuration(
    "an operator queued a connector's dead-lettered sync jobs again (the ops console's Retry)",
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type EventName = keyof typeof EVENT_CATALOGUE;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_CATALOGUE, name);
}

/** The catalogue entry of a name, or undefined for a name it does not know. */
export function catalogueEntry(name: string): CatalogueEntry | undefined {
  return isEventName(name) ? EVENT_CATALOGUE[name] : undefined;
}

/** Every catalogue name, in catalogue order. */
export const EVENT_NAMES = Object.keys(EVENT_CATALOGUE) as EventName[];
