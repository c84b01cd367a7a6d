import { isPresetName, PRESET_NAMES, ROLE_PRESETS } from '../../config/roles/index.js';
import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import { compilePolicy } from '../rbac/index.js';
import { commitAccessChange } from './access-change.js';
import type { AccessPolicyDoc, ResourceAclDoc } from './access-docs.js';
import { emptyPolicyDoc, readPolicyDoc } from './access-policy.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { aclId } from './resource-acls.js';
import { toRoleDoc } from './roles-admin.js';

/**
 * A tenant starts from a preset: its roles, mapping and ACLs replace the tenant's
 * own. Quota overrides survive. Custom roles can be added afterwards.
 */
export async function applyPreset(
  deps: DomainDeps,
  tenantId: string,
  preset: string,
  actor: Actor,
): Promise<AccessPolicyDoc> {
  if (!isPresetName(preset))
    throw new RosterError('invalid_input', `preset "${preset}" must be one of ${PRESET_NAMES.join(', ')}`);
  const def = ROLE_PRESETS[preset];
  compilePolicy(def);
  const time = nowIso(deps);
  return commitAccessChange(deps, tenantId, actor, async (tx) => {
    const previous = (await readPolicyDoc(tx, tenantId)) ?? emptyPolicyDoc(tenantId, time);
    const doc: AccessPolicyDoc = {
      ...previous,
      preset,
      strategy: def.mapping.strategy,
      defaultRole: def.mapping.defaultRole ?? null,
      rules: [...def.mapping.rules],
      adminGroups: [...def.acl.adminGroups],
      resourceKinds: [...def.acl.kinds],
      updatedAt: time,
    };
    await tx.collection('roles').deleteMany({ tenantId });
    await tx.collection('roles').insertMany(def.roles.map((r) => toRoleDoc(tenantId, r, time, preset)));
    await tx.collection<AccessPolicyDoc>('roleMappings').replaceOne({ _id: tenantId, tenantId }, doc, { upsert: true });
    await tx.collection('resourceAcls').deleteMany({ tenantId });
    const acls: ResourceAclDoc[] = def.acl.entries.map((e) => ({
      _id: aclId(tenantId, e.kind, e.resourceId),
      tenantId,
      kind: e.kind,
      resourceId: e.resourceId,
      groups: [...e.groups],
      updatedAt: time,
    }));
    if (acls.length) await tx.collection<ResourceAclDoc>('resourceAcls').insertMany(acls);
    return {
      result: doc,
      event: { type: 'access_policy.updated', subject: tenantId, payload: { preset } },
      target: { type: 'access_policy', id: tenantId },
      recompute: true,
    };
  });
}
