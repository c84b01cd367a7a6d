// Where each IdP puts the user's attributes in its assertion (docs/architecture.md "Who uses it").
// Names are tried in order; a tenant's own mapping (IdpConnectionDoc.attributeMapping) goes first.

export const ATTRIBUTE_PROFILE_NAMES = ['okta', 'entra', 'google', 'adfs', 'onelogin', 'custom'] as const;
export type AttributeProfileName = (typeof ATTRIBUTE_PROFILE_NAMES)[number];

export type GroupsForm = 'names' | 'ids';

export interface AttributeProfile {
  email: readonly string[];
  firstName: readonly string[];
  lastName: readonly string[];
  displayName: readonly string[];
  groups: readonly string[];
  /** Names (Okta, Google, ADFS, OneLogin) or the IdP's own ids (Entra ID's group object ids). */
  groupsAre: GroupsForm;
  /** Sent instead of groups when a user has more than the IdP puts in a token. */
  groupsOverage?: readonly string[];
  /** A single value holding every group, split on this (OneLogin's memberOf default). */
  groupsDelimiter?: string;
}

/** The WS-Federation claim types Microsoft's IdPs use as SAML attribute names. */
const CLAIMS = {
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  upn: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  surname: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  entraDisplayName: 'http://schemas.microsoft.com/identity/claims/displayname',
  entraGroups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  // Entra ID: a user in more than 150 groups gets this link to Microsoft Graph instead of groups.
  entraGroupsLink: 'http://schemas.microsoft.com/claims/groups.link',
  adfsGroup: 'http://schemas.xmlsoap.org/claims/Group',
  role: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
} as const;

export const CLAIM_URIS = CLAIMS;

export const ATTRIBUTE_PROFILES: Readonly<Record<AttributeProfileName, AttributeProfile>> = Object.freeze({
  okta: {
    email: ['email', 'user.email', 'mail'],
    firstName: ['firstName', 'user.firstName'],
    lastName: ['lastName', 'user.lastName'],
    displayName: ['displayName', 'user.displayName'],
    groups: ['groups'],
    groupsAre: 'names',
  },
  entra: {
    email: [CLAIMS.email, CLAIMS.name],
    firstName: [CLAIMS.givenName],
    lastName: [CLAIMS.surname],
    displayName: [CLAIMS.entraDisplayName],
    groups: [CLAIMS.entraGroups],
    groupsAre: 'ids',
    groupsOverage: [CLAIMS.entraGroupsLink],
  },
  google: {
    email: ['email', 'mail'],
    firstName: ['firstName', 'first_name'],
    lastName: ['lastName', 'last_name'],
    displayName: ['displayName', 'name'],
    groups: ['groups'],
    groupsAre: 'names',
  },
  adfs: {
    email: [CLAIMS.email, CLAIMS.upn],
    firstName: [CLAIMS.givenName],
    lastName: [CLAIMS.surname],
    displayName: [CLAIMS.name],
    groups: [CLAIMS.adfsGroup, CLAIMS.role],
    groupsAre: 'names',
  },
  onelogin: {
    email: ['User.email', 'Email', 'email'],
    firstName: ['User.FirstName', 'FirstName', 'firstName'],
    lastName: ['User.LastName', 'LastName', 'lastName'],
    displayName: ['User.DisplayName', 'DisplayName', 'displayName'],
    groups: ['memberOf', 'MemberOf', 'groups'],
    groupsAre: 'names',
    groupsDelimiter: ';',
  },
  custom: {
    email: ['email'],
    firstName: [],
    lastName: [],
    displayName: [],
    groups: [],
    groupsAre: 'names',
  },
});

/** What a tenant maps by hand; each name goes before its profile's defaults. */
export interface AttributeMapping {
  email?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  groups?: string;
  groupsAre?: GroupsForm;
  groupsDelimiter?: string;
  /** Extra user fields: Roster key (kept under user.samlAttributes) → attribute name. */
  extra?: Record<string, string>;
}

/** The profile with the tenant's own names in front. */
export function effectiveProfile(name: AttributeProfileName, mapping: AttributeMapping = {}): AttributeProfile {
  const base = ATTRIBUTE_PROFILES[name];
  const first = (own: string | undefined, rest: readonly string[]) =>
    own ? [own, ...rest.filter((n) => n !== own)] : rest;
  return {
    ...base,
    email: first(mapping.email, base.email),
    firstName: first(mapping.firstName, base.firstName),
    lastName: first(mapping.lastName, base.lastName),
    displayName: first(mapping.displayName, base.displayName),
    groups: first(mapping.groups, base.groups),
    groupsAre: mapping.groupsAre ?? base.groupsAre,
    groupsDelimiter: mapping.groupsDelimiter ?? base.groupsDelimiter,
  };
}
