import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import { assertPermissions } from '../rbac/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { recomputeEffectiveRoles } from './effective-roles.js';
import type { UserDoc } from '../people/index.js';

/**
 * Per-user grants and denials (design 001 customPermissions / deniedPermissions). They are typed
 * by an admin, unlike roles, which follow the IdP; effective permissions are recomputed at once.
 */
export async function setUserPermissions(
  deps: DomainDeps,
  input: { tenantId: string; userId: string; customPermissions?: string[]; deniedPermissions?: string[]; actor: Actor },
): Promise<UserDoc> {
  const set: Partial<UserDoc> = { updatedAt: nowIso(deps) };
  if (input.customPermissions)
    set.customPermissions = [...new Set(assertPermissions(input.customPermissions, 'customPermissions'))].sort();
  if (input.deniedPermissions)
    set.deniedPermissions = [...new Set(assertPermissions(input.deniedPermissions, 'deniedPermissions'))].sort();
  return deps.store.withTransaction(async (tx) => {
    const users = tx.collection<UserDoc>('users');
    const updated = await users.findOneAndUpdate(
      { _id: input.userId, tenantId: input.tenantId },
      { $set: set, $inc: { version: 1 } },
    );
    if (!updated) throw new RosterError('not_found', `user ${input.userId} does not exist in tenant ${input.tenantId}`);
    const payload = { customPermissions: updated.customPermissions, deniedPermissions: updated.deniedPermissions };
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: 'user.updated', subject: input.userId, payload }],
      audit: [
        {
          action: 'user.updated',
          actor: input.actor,
          target: { type: 'user', id: input.userId },
          outcome: 'success',
          details: payload,
        },
      ],
    });
    await recomputeEffectiveRoles(tx, deps.recorder, input.tenantId, [input.userId]);
    return (await users.findOne({ _id: input.userId, tenantId: input.tenantId }))!;
  });
}
