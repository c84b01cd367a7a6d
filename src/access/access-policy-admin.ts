import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import { compileAcls, compilePolicy, type RoleMapping } from '../rbac/index.js';
import type { Db } from '../store/index.js';
import { commitAccessChange } from './access-change.js';
import type { AccessPolicyDoc, QuotaOverrides, ResourceAclDoc } from './access-docs.js';
import { definitionOf, emptyPolicyDoc, readPolicyDoc, readRoles } from './access-policy.js';
import { nowIso, type DomainDeps } from '../domain/index.js';

// The per-tenant policy document: group→role mapping, ACL policy (design 002 admins
// group, declared kinds) and quota overrides (design 000 plan limits).

export async function getAccessPolicy(deps: DomainDeps, tenantId: string): Promise<AccessPolicyDoc> {
  return (await readPolicyDoc(deps.store, tenantId)) ?? emptyPolicyDoc(tenantId, nowIso(deps));
}

async function writePolicy(tx: Db, doc: AccessPolicyDoc): Promise<void> {
  await tx
    .collection<AccessPolicyDoc>('roleMappings')
    .replaceOne({ _id: doc._id, tenantId: doc.tenantId }, doc, { upsert: true });
}

async function current(tx: Db, tenantId: string, time: string): Promise<AccessPolicyDoc> {
  return { ...((await readPolicyDoc(tx, tenantId)) ?? emptyPolicyDoc(tenantId, time)), updatedAt: time };
}

/** Replaces the mapping; every user's effective roles follow in the same transaction. */
export async function putRoleMapping(
  deps: DomainDeps,
  tenantId: string,
  mapping: RoleMapping,
  actor: Actor,
): Promise<AccessPolicyDoc> {
  const time = nowIso(deps);
  return commitAccessChange(deps, tenantId, actor, async (tx) => {
    const doc: AccessPolicyDoc = {
      ...(await current(tx, tenantId, time)),
      strategy: mapping.strategy,
      defaultRole: mapping.defaultRole ?? null,
      rules: [...mapping.rules],
    };
    compilePolicy(definitionOf(await readRoles(tx, tenantId), doc));
    await writePolicy(tx, doc);
    return {
      result: doc,
      event: {
        type: 'role_mapping.updated',
        subject: tenantId,
        payload: { strategy: doc.strategy, defaultRole: doc.defaultRole, rules: doc.rules },
      },
      target: { type: 'role_mapping', id: tenantId },
      recompute: true,
    };
  });
}

/** Admin groups and declared kinds; a kind that still has ACL entries cannot be dropped. */
export async function putAclPolicy(
  deps: DomainDeps,
  tenantId: string,
  change: { adminGroups: string[]; resourceKinds: string[] },
  actor: Actor,
): Promise<AccessPolicyDoc> {
  const time = nowIso(deps);
  return commitAccessChange(deps, tenantId, actor, async (tx) => {
    const doc: AccessPolicyDoc = {
      ...(await current(tx, tenantId, time)),
      adminGroups: [...change.adminGroups],
      resourceKinds: [...change.resourceKinds],
    };
    const entries = await tx.collection<ResourceAclDoc>('resourceAcls').find({ tenantId });
    try {
      compileAcls(entries, { adminGroups: doc.adminGroups, kinds: doc.resourceKinds });
    } catch (err) {
      throw new RosterError('conflict', `ACL entries still use a kind this change drops: ${(err as Error).message}`, {
        cause: err,
      });
    }
    await writePolicy(tx, doc);
    return {
      result: doc,
      event: {
        type: 'access_policy.updated',
        subject: tenantId,
        payload: { adminGroups: doc.adminGroups, resourceKinds: doc.resourceKinds },
      },
      target: { type: 'access_policy', id: tenantId },
      recompute: false,
    };
  });
}

function assertLimit(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RosterError('invalid_input', `${name} must be a whole number of at least 0`);
  }
}

export async function putQuotaOverrides(
  deps: DomainDeps,
  tenantId: string,
  quotas: QuotaOverrides,
  actor: Actor,
): Promise<AccessPolicyDoc> {
  assertLimit('requestsPerDay', quotas.requestsPerDay);
  assertLimit('tokensPerDay', quotas.tokensPerDay);
  const time = nowIso(deps);
  return commitAccessChange(deps, tenantId, actor, async (tx) => {
    const doc: AccessPolicyDoc = { ...(await current(tx, tenantId, time)), quotas: { ...quotas } };
    await writePolicy(tx, doc);
    return {
      result: doc,
      event: { type: 'access_policy.updated', subject: tenantId, payload: { quotas: doc.quotas } },
      target: { type: 'access_policy', id: tenantId },
      recompute: false,
    };
  });
}
