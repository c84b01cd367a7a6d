import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import { compilePolicy, type RoleDefinition } from '../rbac/index.js';
import type { Db } from '../store/index.js';
import { commitAccessChange } from './access-change.js';
import type { RoleDoc } from './access-docs.js';
import { definitionOf, readPolicyDoc, readRoles } from './access-policy.js';
import { nowIso, type DomainDeps } from '../domain/index.js';

// A tenant's roles: the preset's and its own custom roles (design 001 "custom roles"). Every write
// recompiles the whole catalog first, so a cycle or a dangling parent is refused before it lands.

export const roleId = (tenantId: string, name: string) => `${tenantId}:${name}`;

export function toRoleDoc(tenantId: string, def: RoleDefinition, time: string, preset?: string): RoleDoc {
  return {
    _id: roleId(tenantId, def.name),
    tenantId,
    name: def.name,
    description: def.description ?? '',
    permissions: [...def.permissions],
    inherits: [...(def.inherits ?? [])],
    ...(def.rank === undefined ? {} : { rank: def.rank }),
    ...(preset ? { preset } : {}),
    createdAt: time,
    updatedAt: time,
  };
}

export async function listRoles(deps: DomainDeps, tenantId: string): Promise<RoleDoc[]> {
  return readRoles(deps.store, tenantId);
}

async function assertValidWith(tx: Db, tenantId: string, roles: RoleDoc[]): Promise<void> {
  compilePolicy(definitionOf(roles, await readPolicyDoc(tx, tenantId)));
}

/** Creates or replaces one role; refuses cycles (`role_cycle`) and unknown parents. */
export async function putRole(deps: DomainDeps, tenantId: string, def: RoleDefinition, actor: Actor): Promise<RoleDoc> {
  const time = nowIso(deps);
  return commitAccessChange(deps, tenantId, actor, async (tx) => {
    const roles = await readRoles(tx, tenantId);
    const existing = roles.find((r) => r.name === def.name);
    const doc = { ...toRoleDoc(tenantId, def, time), createdAt: existing?.createdAt ?? time };
    await assertValidWith(tx, tenantId, [...roles.filter((r) => r.name !== def.name), doc]);
    await tx.collection<RoleDoc>('roles').replaceOne({ _id: doc._id, tenantId }, doc, { upsert: true });
    return {
      result: doc,
      event: {
        type: existing ? 'role.updated' : 'role.created',
        subject: doc.name,
        payload: { permissions: doc.permissions, inherits: doc.inherits },
      },
      target: { type: 'role', id: doc.name },
      recompute: true,
    };
  });
}

/** Refuses (`role_in_use`) while another role inherits it or the mapping names it. */
export async function deleteRole(deps: DomainDeps, tenantId: string, name: string, actor: Actor): Promise<void> {
  await commitAccessChange(deps, tenantId, actor, async (tx) => {
    const roles = await readRoles(tx, tenantId);
    if (!roles.some((r) => r.name === name)) throw new RosterError('role_not_found', `role "${name}" does not exist`);
    const heirs = roles.filter((r) => r.inherits.includes(name)).map((r) => r.name);
    const policy = await readPolicyDoc(tx, tenantId);
    const mapped = policy && (policy.defaultRole === name || policy.rules.some((r) => r.role === name));
    if (heirs.length || mapped) {
      const users = [...heirs.map((h) => `inherited by ${h}`), ...(mapped ? ['named by the group mapping'] : [])];
      throw new RosterError('role_in_use', `role "${name}" is ${users.join(', ')}`, {
        details: { inheritedBy: heirs, mapped: Boolean(mapped) },
      });
    }
    await tx.collection('roles').deleteOne({ _id: roleId(tenantId, name), tenantId });
    return {
      result: undefined,
      event: { type: 'role.deleted', subject: name },
      target: { type: 'role', id: name },
      recompute: true,
    };
  });
}
