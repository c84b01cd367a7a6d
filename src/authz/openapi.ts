import { z } from 'zod';
import { ROSTER_PERMISSIONS as P } from './admin-permissions.js';
import { RESPONSE_SCHEMAS } from './openapi-components.js';
import * as S from './schemas.js';
import { TEAM_OPERATIONS } from './openapi-teams.js';
import { CONNECTOR_OPERATIONS, SAML_OPERATIONS, SIEM_OPERATIONS } from './openapi-admin.js';

// GET /v1/openapi.json: generated from the same zod schemas the routes validate with, so the
// document cannot drift from what the API accepts.

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** Roster permission required, or a note on who may call. */
  permission: string;
  body?: z.ZodType;
  ok: { status: number; schema?: string; description?: string };
  params?: string[];
}

const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/authorize',
    summary: 'Decide one question: {allow, reason}',
    permission: `${P.authorize} (a scoped key asking about its own user needs none)`,
    body: S.authorizeSchema,
    ok: { status: 200, schema: 'Decision' },
  },
  {
    method: 'post',
    path: '/v1/authorize/batch',
    summary: 'Decide up to 1,000 questions in one call',
    permission: `${P.authorize} (or self through a scoped key)`,
    body: S.batchSchema,
    ok: { status: 200, schema: 'BatchDecisions' },
  },
  {
    method: 'get',
    path: '/v1/users/{id}/capabilities',
    summary: "Agents, tools, workflows, groups, roles, permissions and models of a user; `me` = the scoped key's user",
    permission: `${P.authorize} (or self)`,
    params: ['id'],
    ok: { status: 200, schema: 'Capabilities' },
  },
  {
    method: 'post',
    path: '/v1/catalogue/filter',
    summary: 'Cut a catalogue of one kind (id → item) down to what the subject may use (seed 002 filterByPermissions)',
    permission: `${P.authorize} (or self)`,
    body: S.catalogueFilterSchema,
    ok: { status: 200, description: '{items, denied: {id: reason}}' },
  },
  {
    method: 'get',
    path: '/v1/roles',
    summary: 'List roles with their inherited permissions',
    permission: P.rolesRead,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/roles/{name}',
    summary: 'Create or replace a custom role (cycles → 400 role_cycle)',
    permission: P.rolesManage,
    params: ['name'],
    body: S.roleSchema,
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/roles/{name}',
    summary: 'Delete a role no other role or mapping rule uses',
    permission: P.rolesManage,
    params: ['name'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/roles/preset',
    summary: 'Replace roles, mapping and ACLs with a preset (api-platform, org-hierarchy, group-based)',
    permission: `${P.rolesManage}, ${P.mappingsManage}, ${P.aclsManage}`,
    body: S.presetSchema,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/role-mapping',
    summary: 'The IdP group → role mapping',
    permission: P.rolesRead,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/role-mapping',
    summary: "Replace the mapping; every user's effective roles follow at once",
    permission: P.mappingsManage,
    body: S.mappingSchema,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/acls',
    summary: 'Resource ACL entries (?kind=agent), admin groups and declared kinds',
    permission: P.aclsRead,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/acls/{kind}',
    summary:
      "Declare a kind's whole catalogue, each resource with its groups (seed 002 colocated permissions); unnamed " +
      'entries are removed',
    permission: P.aclsManage,
    params: ['kind'],
    body: S.aclDeclarationSchema,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/acls/{kind}/{resourceId}',
    summary: 'Set the groups allowed to use a resource ([] = every authenticated user)',
    permission: P.aclsManage,
    params: ['kind', 'resourceId'],
    body: S.aclSchema,
    ok: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/acls/{kind}/{resourceId}',
    summary: 'Remove an entry (the resource is then denied to everyone)',
    permission: P.aclsManage,
    params: ['kind', 'resourceId'],
    ok: { status: 204 },
  },
  {
    method: 'put',
    path: '/v1/acl-policy',
    summary: 'Admin groups and tenant-declared resource kinds',
    permission: P.aclsManage,
    body: S.aclPolicySchema,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/users/{id}/permissions',
    summary: 'Per-user custom and denied permissions (deny beats grant except admin:*)',
    permission: P.usersManage,
    params: ['id'],
    body: S.userPermissionsSchema,
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/keys',
    summary: "Issue a scoped key for a user (never beyond the user's permissions); the key is shown once",
    permission: P.keysManage,
    body: S.keySchema,
    ok: { status: 201, schema: 'ScopedKey' },
  },
  {
    method: 'get',
    path: '/v1/keys',
    summary: 'List scoped keys (never the secrets)',
    permission: P.keysManage,
    ok: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/keys/{id}/approve',
    summary: 'Approve a key waiting for approval (plans with requireApproval); not by its creator',
    permission: P.keysManage,
    params: ['id'],
    ok: { status: 200, schema: 'ScopedKey' },
  },
  {
    method: 'delete',
    path: '/v1/keys/{id}',
    summary: 'Revoke a scoped key',
    permission: P.keysManage,
    params: ['id'],
    ok: { status: 204 },
  },
  {
    method: 'post',
    path: '/v1/usage',
    summary: 'Count usage against the daily quotas and per-minute limit; 429 when exhausted (?key=<id> charges a key)',
    permission: `${P.usageRecord} (a scoped key meters itself)`,
    body: S.usageSchema,
    ok: { status: 200, schema: 'UsageReport' },
  },
  {
    method: 'get',
    path: '/v1/usage',
    summary: 'Remaining counts and reset times (?key=<id>)',
    permission: `${P.usageView} (or self)`,
    ok: { status: 200, schema: 'UsageReport' },
  },
  {
    method: 'get',
    path: '/v1/quotas',
    summary: "The tenant's daily limits and overrides",
    permission: P.usageView,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/quotas',
    summary: "Override the plan's daily request and token limits",
    permission: P.quotasManage,
    body: S.quotaSchema,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/ip-allow-lists',
    summary: "The tenant's IP allow-lists: CIDR ranges for scim, api and saml (no list: any address)",
    permission: P.networkRead,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/audit',
    summary:
      'A page of the audit trail (?actor, action (names or noun.*), target, outcome, from, to, cursor, limit, ' +
      'order=desc|asc); next_cursor pages on',
    permission: P.auditView,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/audit/export',
    summary:
      'Every matching audit record streamed as NDJSON or RFC 4180 CSV (?format=ndjson|csv and the /v1/audit filters)',
    permission: P.auditView,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/audit/reports/access',
    summary: "One user's granted and denied decisions and the resources granted (?user, from, to)",
    permission: P.auditView,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/audit/retention',
    summary: "The tenant's audit retention in days and where it comes from",
    permission: P.auditView,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/ip-allow-lists',
    summary: 'Set the IP allow-lists named in the body ([] or null clears one); answers the lists now in force',
    permission: P.networkManage,
    body: S.ipAllowListsSchema,
    ok: { status: 200 },
  },
  {
    method: 'put',
    path: '/v1/audit/retention',
    summary: "Set the tenant's audit retention (days: null goes back to the default); existing records are re-dated",
    permission: P.auditManage,
    body: S.retentionSchema,
    ok: { status: 200 },
  },
  {
    method: 'get',
    path: '/v1/events',
    summary: 'Domain events in commit order, 30 days back (?after=<cursor>, types (names or noun.*), limit)',
    permission: P.eventsRead,
    ok: { status: 200 },
  },
];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operation(op: Operation) {
  const ok = op.ok.schema
    ? {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.ok.schema}` } } },
      }
    : { description: op.ok.description ?? 'OK' };
  return {
    summary: op.summary,
    description: `Requires: ${op.permission}. The tenant is the calling key's.`,
    security: [{ apiKey: [] }],
    parameters: (op.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', target: 'draft-2020-12' }) },
            },
          },
        }
      : {}),
    responses: {
      [op.ok.status]: ok,
      400: problem('invalid input'),
      401: problem('missing, unknown, revoked or expired key'),
      403: problem('missing permission (named in `permission`)'),
      429: problem('quota or rate limit exhausted'),
    },
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...OPERATIONS, ...TEAM_OPERATIONS, ...CONNECTOR_OPERATIONS, ...SIEM_OPERATIONS, ...SAML_OPERATIONS])
    (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roster authorization and admin API',
      version: '1.0.0',
      description:
        'Deny-by-default RBAC: roles with inheritance and wildcards, IdP group mapping, resource ACLs, model ' +
        'access, scoped keys and quotas.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An admin API key (rst_key_…) or a scoped key (rst_sk_…)',
        },
      },
      schemas: RESPONSE_SCHEMAS,
    },
    paths,
  };
}
