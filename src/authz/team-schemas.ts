import { z } from 'zod';
import { PLANS } from '../../config/plans.js';
import { TEAM_ROLES } from '../rbac/index.js';

// Request bodies of the team, role-assignment and tenant admin routes (unknown keys refused).

const ref = z.string().min(1).max(200);
const teamRole = z.enum(TEAM_ROLES);

export const teamCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(500).optional(),
  /** An IdP group (id, externalId or displayName) the team is mapped from. */
  group: ref.optional(),
  /** A tenant role every member holds. */
  role: ref.optional(),
  /** A user (id or userName) made the team's first owner. */
  owner: ref.optional(),
});

export const memberAddSchema = z.strictObject({ user: ref, role: teamRole.optional() });
export const memberRoleSchema = z.strictObject({ role: teamRole });

export const invitationSchema = z.strictObject({
  email: z.email().max(320),
  role: teamRole.optional(),
  expiresInDays: z.number().int().min(1).max(90).optional(),
});

export const acceptSchema = z.strictObject({ token: z.string().min(1).max(200), user: ref.optional() });

export const roleAssignSchema = z.strictObject({ role: ref });

export const tenantUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  plan: z.enum(PLANS as [string, ...string[]]).optional(),
  settings: z
    .strictObject({
      allowedModels: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/)).max(100),
      maxRequestsPerDay: z.number().int().min(0).max(1e12),
      requireApproval: z.boolean(),
    })
    .partial()
    .optional(),
});
