import type { Actor } from '../audit/index.js';
import type { MappingRule, MappingStrategy } from '../rbac/index.js';
import type { BaseDoc } from '../store/index.js';
import type { CredentialDoc } from '../credentials/index.js';

// Stored shapes of a tenant's access policy. Roles and ACL entries are one
// document each; the mapping, the ACL policy and the quota overrides are one document per tenant
// in roleMappings (`_id` = tenant id), so a mapping change is one atomic write.

export interface RoleDoc extends BaseDoc {
  tenantId: string;
  name: string;
  description: string;
  permissions: string[];
  inherits: string[];
  rank?: number;
  /** The preset a role came from, or absent for a tenant's custom role (design 001 "custom roles"). */
  preset?: string;
  createdAt: string;
  updatedAt: string;
}

export interface QuotaOverrides {
  /** Replaces the plan's maxRequestsPerDay for this tenant. */
  requestsPerDay?: number;
  tokensPerDay?: number;
}

export interface AccessPolicyDoc extends BaseDoc {
  /** The tenant id: one document per tenant. */
  _id: string;
  tenantId: string;
  preset?: string;
  strategy: MappingStrategy;
  defaultRole: string | null;
  rules: MappingRule[];
  /** Design 002: members of these groups pass every ACL that exists. */
  adminGroups: string[];
  /** Resource kinds beyond agent, tool and workflow. */
  resourceKinds: string[];
  quotas: QuotaOverrides;
  updatedAt: string;
}

export interface ResourceAclDoc extends BaseDoc {
  tenantId: string;
  kind: string;
  resourceId: string;
  groups: string[];
  updatedAt: string;
}

export interface KeyLimits {
  requestsPerMinute: number;
  tokensPerDay: number;
  /** Absent: only the tenant's daily request quota applies. */
  requestsPerDay?: number;
}

/** Design 000 ScopedApiKey: a user's key, never allowed beyond what its user may do. */
export interface ScopedKeyDoc extends CredentialDoc {
  kind: 'scoped';
  userId: string;
  permissions: string[];
  allowedModels: string[];
  limits: KeyLimits;
  /** On plans with requireApproval (design 000 enterprise) a key works only once someone else approves it. */
  approval?: { state: 'pending' | 'approved'; by?: Actor; at?: string };
}

/** An admin key may carry a narrower permission list; without one it holds admin:* in its tenant. */
export interface AdminKeyDoc extends CredentialDoc {
  kind: 'admin';
  permissions?: string[];
}

export type ApiKeyDoc = ScopedKeyDoc | AdminKeyDoc;

export interface AccessChange {
  tenantId: string;
  actor: Actor;
}
