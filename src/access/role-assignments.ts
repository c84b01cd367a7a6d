import type { Actor } from '../audit/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { RoleSource, UserDoc } from '../people/index.js';
import type { Update } from '../store/index.js';
import { readRoles } from './access-policy.js';
import { recomputeEffectiveRoles } from './effective-roles.js';
import { findUser } from './subjects.js';

// Direct role assignment (design 000 updateUserRole) beside the IdP's group-derived roles: an
// administrator grants or withdraws a role; recomputation adds assigned roles to what the
// mapping gives, so a later SCIM push or SAML login never erases them.

export interface UserRoles {
  userId: string;
  userName: string;
  effectiveRoles: string[];
  assignedRoles: string[];
  sources: RoleSource[];
  effectivePermissions: string[];
}

export function userRolesOf(user: UserDoc): UserRoles {
  return {
    userId: user._id,
    userName: user.userName,
    effectiveRoles: user.effectiveRoles ?? [],
    assignedRoles: user.assignedRoles ?? [],
    sources: user.roleSources ?? [],
    effectivePermissions: user.effectivePermissions ?? [],
  };
}

async function requireUser(deps: DomainDeps, tenantId: string, ref: string): Promise<UserDoc> {
  const user = await findUser(deps.store, tenantId, ref);
  if (!user) throw new RosterError('not_found', `user ${ref} does not exist in tenant ${tenantId}`);
  return user;
}

export async function getUserRoles(deps: DomainDeps, tenantId: string, ref: string): Promise<UserRoles> {
  return userRolesOf(await requireUser(deps, tenantId, ref));
}

async function changeAssignment(
  deps: DomainDeps,
  input: { tenantId: string; user: string; role: string; actor: Actor },
  grant: boolean,
): Promise<UserRoles> {
  const user = await requireUser(deps, input.tenantId, input.user);
  if (grant) {
    const roles = await readRoles(deps.store, input.tenantId);
    if (!roles.some((r) => r.name === input.role))
      throw new RosterError('role_not_found', `role ${input.role} does not exist in tenant ${input.tenantId}`);
  } else if (!(user.assignedRoles ?? []).includes(input.role)) {
    throw new RosterError('not_found', `role ${input.role} is not assigned to user ${user._id}`, {
      details: { assignedRoles: user.assignedRoles ?? [] },
    });
  }
  const action = grant ? 'user.role_assigned' : 'user.role_unassigned';
  return deps.store.withTransaction(async (tx) => {
    const users = tx.collection<UserDoc>('users');
    const update: Update = grant
      ? { $addToSet: { assignedRoles: input.role } }
      : { $pull: { assignedRoles: input.role } };
    await users.updateOne(
      { _id: user._id, tenantId: input.tenantId },
      { ...update, $set: { updatedAt: nowIso(deps) }, $inc: { version: 1 } },
    );
    const payload = { role: input.role, userName: user.userName };
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: action, subject: user._id, payload }],
      audit: [
        { action, actor: input.actor, target: { type: 'user', id: user._id }, outcome: 'success', details: payload },
      ],
    });
    await recomputeEffectiveRoles(tx, deps.recorder, input.tenantId, [user._id], input.actor);
    return userRolesOf((await users.findOne({ _id: user._id, tenantId: input.tenantId }))!);
  });
}

/** Grants `role` directly; granting a role already assigned changes nothing but is not an error. */
export function assignRole(
  deps: DomainDeps,
  input: { tenantId: string; user: string; role: string; actor: Actor },
): Promise<UserRoles> {
  return changeAssignment(deps, input, true);
}

/** Withdraws a directly assigned role (a role the IdP gives stays: the IdP is its source). */
export function unassignRole(
  deps: DomainDeps,
  input: { tenantId: string; user: string; role: string; actor: Actor },
): Promise<UserRoles> {
  return changeAssignment(deps, input, false);
}
