import type { CollectionName } from './types.js';

/**
 * Index declarations, applied by both engines at start and by `roster migrate`.
 * tenantId comes first in every index (docs/architecture.md, Storage); the exceptions say why.
 * Fields named here are scalars (never arrays), which lets the embedded engine serve
 * equality lookups on them from a SQLite expression index.
 */
export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  /** Documents lacking the (first non-tenant) field are left out of the index, so they never collide. */
  sparse?: boolean;
  /** TTL: the document is removed this many seconds after the Date in its single key field. */
  expireAfterSeconds?: number;
}

export const INDEXES: Record<CollectionName, IndexSpec[]> = {
  tenants: [],
  // One document per tenant (_id = tenantId), read by _id only: see src/domain/cache-versions.ts.
  cacheVersions: [],
  idpConnections: [{ name: 'tenant', keys: { tenantId: 1 } }],
  scimTokens: [{ name: 'tenant_hash', keys: { tenantId: 1, secretHash: 1 }, unique: true }],
  // Operators are platform-wide: their keys live under the platform tenant id (src/operators/).
  operatorKeys: [{ name: 'tenant_hash', keys: { tenantId: 1, secretHash: 1 }, unique: true }],
  apiKeys: [
    // A presented key names no tenant before it is looked up, so the hash alone is the key.
    { name: 'hash', keys: { secretHash: 1 }, unique: true },
    { name: 'tenant_user', keys: { tenantId: 1, userId: 1 } },
  ],
  users: [
    // SCIM lists page a tenant in id order (RFC 7644 §3.4.2.4 startIndex): the page is read off
    // this index in order, with no sort of the whole tenant, so its cost does not grow with it.
    { name: 'tenant_id', keys: { tenantId: 1, _id: 1 } },
    { name: 'tenant_username', keys: { tenantId: 1, userNameLower: 1 }, unique: true },
    { name: 'tenant_externalid', keys: { tenantId: 1, externalId: 1 }, sparse: true },
    { name: 'tenant_email', keys: { tenantId: 1, primaryEmailLower: 1 }, sparse: true },
    { name: 'tenant_nameid', keys: { tenantId: 1, samlNameId: 1 }, sparse: true },
  ],
  groups: [
    { name: 'tenant_id', keys: { tenantId: 1, _id: 1 } },
    { name: 'tenant_displayname', keys: { tenantId: 1, displayNameLower: 1 }, unique: true },
    { name: 'tenant_externalid', keys: { tenantId: 1, externalId: 1 }, sparse: true },
  ],
  memberships: [
    { name: 'tenant_group_user', keys: { tenantId: 1, groupId: 1, userId: 1 }, unique: true },
    { name: 'tenant_user', keys: { tenantId: 1, userId: 1 } },
  ],
  teams: [
    { name: 'tenant_name', keys: { tenantId: 1, nameLower: 1 }, unique: true },
    // A team mapped from an IdP group: recomputation finds it from the user's groups.
    { name: 'tenant_group', keys: { tenantId: 1, groupId: 1 }, sparse: true },
  ],
  teamMembers: [
    { name: 'tenant_team_user', keys: { tenantId: 1, teamId: 1, userId: 1 }, unique: true },
    { name: 'tenant_user', keys: { tenantId: 1, userId: 1 } },
  ],
  invitations: [
    { name: 'tenant_token', keys: { tenantId: 1, tokenHash: 1 }, unique: true },
    // First SAML login or SCIM provisioning looks pending invitations up by the user's email.
    { name: 'tenant_email', keys: { tenantId: 1, emailLower: 1 } },
    { name: 'tenant_team', keys: { tenantId: 1, teamId: 1 } },
  ],
  roles: [{ name: 'tenant_name', keys: { tenantId: 1, name: 1 }, unique: true }],
  roleMappings: [{ name: 'tenant', keys: { tenantId: 1 } }],
  resourceAcls: [{ name: 'tenant_kind_resource', keys: { tenantId: 1, kind: 1, resourceId: 1 }, unique: true }],
  connectors: [{ name: 'tenant_name', keys: { tenantId: 1, name: 1 }, unique: true }],
  syncState: [
    // _id is `<connectorId>|<kind>|<objectId>` (src/connectors/sync-state.ts): one document per object.
    { name: 'tenant_connector_status', keys: { tenantId: 1, connectorId: 1, status: 1 } },
    { name: 'tenant_connector_kind', keys: { tenantId: 1, connectorId: 1, kind: 1 } },
  ],
  auditEvents: [
    { name: 'tenant_time', keys: { tenantId: 1, time: -1 } },
    { name: 'tenant_seq', keys: { tenantId: 1, seq: 1 } },
    // Each filter of GET /v1/audit (src/audit-log/) walks (tenantId, <field>, seq) in seq order,
    // so a filtered page is a bounded index range, never a scan of the tenant's records.
    { name: 'tenant_actor', keys: { tenantId: 1, actorId: 1, seq: 1 } },
    { name: 'tenant_action_seq', keys: { tenantId: 1, action: 1, seq: 1 } },
    { name: 'tenant_target_seq', keys: { tenantId: 1, 'target.id': 1, seq: 1 } },
    // The access report's "decisions about this user" (details.subject of access.* records).
    { name: 'tenant_subject_seq', keys: { tenantId: 1, 'details.subject': 1, seq: 1 }, sparse: true },
    // MongoDB TTL indexes must have a single field, so this one cannot lead with tenantId.
    { name: 'ttl', keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
  ],
  outbox: [
    // The relay's scan is across tenants ("what is not relayed yet, oldest first").
    { name: 'pending', keys: { relayed: 1, seq: 1 } },
    { name: 'tenant_seq', keys: { tenantId: 1, seq: 1 } },
    // GET /v1/events filters by type (src/audit-log/events.ts).
    { name: 'tenant_type_seq', keys: { tenantId: 1, type: 1, seq: 1 } },
    // The events API keeps 30 days (src/audit/recorder.ts sets expiresAt).
    { name: 'ttl', keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
  ],
  // One counter document per tenant, keyed by the tenant id (src/audit/recorder.ts).
  sequences: [],
  siemStreams: [
    { name: 'tenant_name', keys: { tenantId: 1, name: 1 }, unique: true },
    // The delivery loop's scan for streams to ship is across tenants ("which streams are active").
    { name: 'state', keys: { state: 1 } },
  ],
};
