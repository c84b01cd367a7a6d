import type { BaseDoc } from '../store/index.js';

// Shapes of the directory's stored documents, shared by the SCIM, SAML, RBAC and sync modules.
// Timestamps are ISO-8601 UTC strings (they sort and compare as text on both engines);
// only TTL fields are Dates, because MongoDB's TTL monitor reads nothing else.

/** Where a piece of directory data came from; SAML logins replace only their own memberships. */
export type Source = 'scim' | 'saml' | 'admin';

export interface UserDoc extends BaseDoc {
  tenantId: string;
  userName: string;
  /** userName lowercased: the unique key (SCIM userName is caseExact: false, RFC 7643 §4.1.1). */
  userNameLower: string;
  externalId?: string;
  active: boolean;
  displayName?: string;
  name?: Record<string, string>;
  emails?: Array<{ value: string; type?: string; primary?: boolean; display?: string }>;
  /** The primary (or first) email lowercased, for SAML just-in-time matching. */
  primaryEmailLower?: string;
  /** The SAML NameID this user last logged in with. */
  samlNameId?: string;
  // The rest of the SCIM core User (RFC 7643 §4.1), stored as the IdP sent it (names canonicalised).
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  phoneNumbers?: MultiValue[];
  ims?: MultiValue[];
  photos?: MultiValue[];
  addresses?: Address[];
  entitlements?: MultiValue[];
  /** SCIM's free-form `roles` attribute (RFC 7643 §4.1.2); not Roster's RBAC roles (effectiveRoles). */
  scimRoles?: MultiValue[];
  x509Certificates?: MultiValue[];
  /** The enterprise extension (RFC 7643 §4.3), urn:ietf:params:scim:schemas:extension:enterprise:2.0:User. */
  enterprise?: EnterpriseAttributes;
  /** Extra SAML attributes the tenant mapped (Roster key → value), refreshed at every login. */
  samlAttributes?: Record<string, string | string[]>;
  /** Derived by the RBAC engine from memberships, role mappings, assignments and teams; never written by hand. */
  effectiveRoles: string[];
  effectivePermissions: string[];
  /** Where each effective role came from (derived with effectiveRoles). */
  roleSources?: RoleSource[];
  /**
   * Roles an administrator granted directly (design 000 updateUserRole). The IdP's changes never
   * touch them: recomputation adds them to the group-derived roles.
   */
  assignedRoles?: string[];
  /** Per-user grants and denials (design 001): deny beats grant except admin:*. */
  customPermissions: string[];
  deniedPermissions: string[];
  source: Source;
  createdAt: string;
  updatedAt: string;
  /** Incremented on every change; SCIM's meta.version is W/"<version>". */
  version: number;
}

/** idp: the group → role mapping (or its default role); assigned: an administrator; team: a team's role. */
export interface RoleSource {
  role: string;
  source: 'idp' | 'assigned' | 'team';
  /** For team: the team's id and name. */
  team?: { id: string; name: string };
}

export interface GroupDoc extends BaseDoc {
  tenantId: string;
  displayName: string;
  displayNameLower: string;
  externalId?: string;
  source: Source;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One value of a multi-valued SCIM attribute (RFC 7643 §2.4). */
export interface MultiValue {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export interface Address {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

/** manager.$ref and manager.displayName are derived on output, never stored (a `$ref` key is a DBRef to MongoDB). */
export interface EnterpriseAttributes {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  manager?: { value?: string };
}

/** One document per group×user: a group's members are never an array inside the group. */
export interface MembershipDoc extends BaseDoc {
  tenantId: string;
  groupId: string;
  userId: string;
  source: Source;
  createdAt: string;
}
