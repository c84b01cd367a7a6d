import type { BaseDoc } from '../store/types.js';

// Shapes of the directory's stored documents, shared by the SCIM, SAML, RBAC and sync modules.
// Timestamps are ISO-8601 UTC strings (they sort and compare as text on both engines);
// only TTL fields are Dates, because MongoDB's TTL monitor reads nothing else.

export type Plan = 'free' | 'pro' | 'enterprise';

export interface TenantSettings {
  allowedModels: string[];
  maxRequestsPerDay: number;
  requireApproval: boolean;
}

export interface TenantDoc extends BaseDoc {
  /** The slug: lowercase letters, digits and dashes; used in every tenant URL. */
  _id: string;
  name: string;
  plan: Plan;
  settings: TenantSettings;
  createdAt: string;
  updatedAt: string;
}

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
  /** Derived by the RBAC engine from memberships and role mappings; never written by hand. */
  effectiveRoles: string[];
  effectivePermissions: string[];
  /** Per-user grants and denials (seed 001): deny beats grant except admin:*. */
  customPermissions: string[];
  deniedPermissions: string[];
  source: Source;
  createdAt: string;
  updatedAt: string;
  /** Incremented on every change; SCIM's meta.version is W/"<version>". */
  version: number;
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

/** One document per group×user: a group's members are never an array inside the group. */
export interface MembershipDoc extends BaseDoc {
  tenantId: string;
  groupId: string;
  userId: string;
  source: Source;
  createdAt: string;
}
