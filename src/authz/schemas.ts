import { z } from 'zod';
import { MAPPING_STRATEGIES, PERMISSION_PATTERN } from '../rbac/index.js';

// Request bodies of the authorization and admin API. Unknown keys are refused, so a typo
// (`permisions`) is a 400, never a silently ignored field.

const ref = z.string().min(1).max(200);
const permission = z.string().max(200).regex(PERMISSION_PATTERN, 'expected a resource:action[:qualifier] permission');
const count = (max: number) => z.number().int().min(0).max(max);

export const resourceSchema = z.strictObject({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a lowercase kind such as agent, tool, workflow, model, transcript'),
  id: ref.optional(),
  ownerId: ref.optional(),
  participants: z.array(z.string().min(1).max(320)).max(1000).optional(),
});

export const checkSchema = z.strictObject({
  subject: ref.optional(),
  permission: permission.optional(),
  resource: resourceSchema.optional(),
});

export const authorizeSchema = z.strictObject({
  ...checkSchema.shape,
  tenant: ref.optional(),
  audit: z.boolean().optional(),
});

export const batchSchema = z.strictObject({
  tenant: ref.optional(),
  /** The default subject of checks that name none. */
  subject: ref.optional(),
  audit: z.boolean().optional(),
  checks: z.array(checkSchema).min(1).max(1000),
});

export const roleSchema = z.strictObject({
  description: z.string().max(500).optional(),
  permissions: z.array(permission).max(500),
  inherits: z.array(ref).max(50).optional(),
  rank: z.number().int().min(0).max(1_000_000).optional(),
});

export const presetSchema = z.strictObject({ preset: ref });

export const mappingSchema = z.strictObject({
  strategy: z.enum(MAPPING_STRATEGIES as [string, ...string[]]),
  defaultRole: ref.nullable().optional(),
  rules: z.array(z.strictObject({ group: ref.optional(), groupId: ref.optional(), role: ref })).max(500),
});

export const aclSchema = z.strictObject({ groups: z.array(z.string().min(1).max(256)).max(1000) });

const groupList = z.array(z.string().min(1).max(256)).max(1000);

/** A whole kind's catalogue, each resource id with its groups (design 002 colocated permissions). */
export const aclDeclarationSchema = z.strictObject({
  entries: z.record(ref, groupList).refine((e) => Object.keys(e).length <= 10_000, 'at most 10,000 entries'),
});

/** Design 002 filterByPermissions: a catalogue (id → anything) is returned cut down to what the subject may use. */
export const catalogueFilterSchema = z.strictObject({
  tenant: ref.optional(),
  subject: ref.optional(),
  kind: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/),
  items: z.record(ref, z.unknown()).refine((i) => Object.keys(i).length <= 10_000, 'at most 10,000 items'),
});

export const aclPolicySchema = z.strictObject({
  adminGroups: z.array(z.string().min(1).max(256)).max(100),
  resourceKinds: z.array(ref).max(100),
});

export const userPermissionsSchema = z.strictObject({
  customPermissions: z.array(permission).max(500).optional(),
  deniedPermissions: z.array(permission).max(500).optional(),
});

export const keySchema = z.strictObject({
  userId: ref,
  name: z.string().min(1).max(200).optional(),
  permissions: z.array(permission).min(1).max(200),
  allowedModels: z.array(ref).max(100).optional(),
  limits: z
    .strictObject({ requestsPerMinute: count(1_000_000), tokensPerDay: count(1e12), requestsPerDay: count(1e9) })
    .partial()
    .optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const quotaSchema = z.strictObject({
  requestsPerDay: count(1e12).optional(),
  tokensPerDay: count(1e15).optional(),
});

export const usageSchema = z.strictObject({
  tenant: ref.optional(),
  requests: count(1_000_000).default(1),
  tokens: count(1e12).default(0),
  /** false: record usage that already happened (design 000 recordUsage) without refusing it. */
  enforce: z.boolean().default(true),
});

export type CheckInput = z.infer<typeof checkSchema>;

const cidrList = z.array(z.string().max(64)).max(200).nullable().optional();
/** Per-surface CIDR lists; [] or null clears a list; a surface left out keeps its list. */
export const ipAllowListsSchema = z.strictObject({ scim: cidrList, api: cidrList, saml: cidrList });
/** PUT /v1/audit/retention: days (range checked by src/audit-log/retention.ts), null for the default. */
export const retentionSchema = z.strictObject({ days: z.number().int().nullable() });
