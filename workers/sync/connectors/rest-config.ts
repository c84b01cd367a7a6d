import { z } from 'zod';

// The generic REST connector's configuration: one request template per operation. Examples that
// drive the reference designs' downstream organizations are in config/connectors/.

const operation = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Appended to baseUrl; placeholders are percent-encoded. */
  path: z.string().startsWith('/'),
  /** A JSON template (see template.ts). */
  body: z.unknown().optional(),
  /** RFC 6901 pointer to the remote id in the answer (find and create operations). */
  idPointer: z.string().optional(),
});
export type RestOperation = z.infer<typeof operation>;

export const restConfigSchema = z.object({
  description: z.string().optional(),
  baseUrl: z.url(),
  /** One header carrying the credential, e.g. { header: 'authorization', value: 'Bearer …' }. */
  auth: z.object({ header: z.string().min(1).default('authorization'), value: z.string().min(1) }).optional(),
  /** Constants for templates, as {{vars.name}} (organization id, default team role …). */
  vars: z.record(z.string(), z.string()).default({}),
  /**
   * Roster role → target role, as {{user.role}}. Its key order is the precedence: the first key
   * the user holds wins; a user holding none has no role (use a fallback: {{user.role|member}}).
   * Without a map {{user.role}} is the user's first role.
   */
  roleMap: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(10_000),
  operations: z.object({
    test: operation.optional(),
    /** Without it findUser answers null and a 409 on create is a permanent error. */
    findUser: operation.optional(),
    createUser: operation,
    updateUser: operation.optional(),
    /** Without it deactivation is updateUser (templates see {{user.active}} = false). */
    deactivateUser: operation.optional(),
    deleteUser: operation,
    findGroup: operation.optional(),
    createGroup: operation.optional(),
    updateGroup: operation.optional(),
    deleteGroup: operation.optional(),
    /** One request per member: {{groupRef.remoteId}}, {{memberRef.remoteId}}. */
    addMember: operation.optional(),
    removeMember: operation.optional(),
  }),
});
export type RestConfig = z.output<typeof restConfigSchema>;
