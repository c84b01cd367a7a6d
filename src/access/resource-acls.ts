import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import { assertKind, compileAcls } from '../rbac/index.js';
import { commitAccessChange } from './access-change.js';
import type { ResourceAclDoc } from './access-docs.js';
import { emptyPolicyDoc, readPolicyDoc } from './access-policy.js';
import { nowIso, type DomainDeps } from '../domain/index.js';

// Design 002 resource ACLs, one document per (kind, resource id): deleting the document returns the
// resource to "no entry" (denied); an empty group list opens it to every authenticated user.

export const aclId = (tenantId: string, kind: string, resourceId: string) => `${tenantId}:${kind}:${resourceId}`;
const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

export async function listResourceAcls(deps: DomainDeps, tenantId: string, kind?: string): Promise<ResourceAclDoc[]> {
  return deps.store
    .collection<ResourceAclDoc>('resourceAcls')
    .find(kind ? { tenantId, kind } : { tenantId }, { sort: { kind: 1, resourceId: 1 } });
}

function assertEntry(kind: string, resourceId: string, groups: unknown[], kinds: string[]): void {
  assertKind(compileAcls([], { adminGroups: [], kinds }), kind);
  if (!RESOURCE_ID.test(resourceId))
    throw new RosterError(
      'invalid_input',
      `resource id ${JSON.stringify(resourceId)} must be 1-200 letters, digits or _ . : @ -`,
    );
  if (groups.some((g) => typeof g !== 'string' || g.trim() === ''))
    throw new RosterError('invalid_input', 'groups must be non-empty strings');
}

/** The ACL entries of these resources of one kind (absent ids have no entry: deny by default). */
export async function findResourceAcls(
  deps: Pick<DomainDeps, 'store'>,
  tenantId: string,
  kind: string,
  resourceIds: string[],
): Promise<ResourceAclDoc[]> {
  return deps.store
    .collection<ResourceAclDoc>('resourceAcls')
    .find({ tenantId, kind, resourceId: { $in: resourceIds } });
}

export async function putResourceAcl(
  deps: DomainDeps,
  input: { tenantId: string; kind: string; resourceId: string; groups: string[]; actor: Actor },
): Promise<ResourceAclDoc> {
  const time = nowIso(deps);
  return commitAccessChange(deps, input.tenantId, input.actor, async (tx) => {
    const policy = (await readPolicyDoc(tx, input.tenantId)) ?? emptyPolicyDoc(input.tenantId, time);
    assertEntry(input.kind, input.resourceId, input.groups, policy.resourceKinds);
    const doc: ResourceAclDoc = {
      _id: aclId(input.tenantId, input.kind, input.resourceId),
      tenantId: input.tenantId,
      kind: input.kind,
      resourceId: input.resourceId,
      groups: [...new Set(input.groups)],
      updatedAt: time,
    };
    await tx
      .collection<ResourceAclDoc>('resourceAcls')
      .replaceOne({ _id: doc._id, tenantId: doc.tenantId }, doc, { upsert: true });
    return {
      result: doc,
      event: {
        type: 'resource_acl.updated',
        subject: `${doc.kind}/${doc.resourceId}`,
        payload: { kind: doc.kind, resourceId: doc.resourceId, groups: doc.groups },
      },
      target: { type: doc.kind, id: doc.resourceId },
      recompute: false,
    };
  });
}

export async function deleteResourceAcl(
  deps: DomainDeps,
  input: { tenantId: string; kind: string; resourceId: string; actor: Actor },
): Promise<void> {
  await commitAccessChange(deps, input.tenantId, input.actor, async (tx) => {
    const removed = await tx
      .collection('resourceAcls')
      .deleteOne({ _id: aclId(input.tenantId, input.kind, input.resourceId), tenantId: input.tenantId });
    if (!removed) throw new RosterError('not_found', `no ACL entry for ${input.kind} ${input.resourceId}`);
    return {
      result: undefined,
      event: {
        type: 'resource_acl.updated',
        subject: `${input.kind}/${input.resourceId}`,
        payload: { kind: input.kind, resourceId: input.resourceId, removed: true },
      },
      target: { type: input.kind, id: input.resourceId },
      recompute: false,
    };
  });
}

/**
 * Design 002 "colocated permissions": an application declares its whole catalogue of one kind,
 * each resource with the groups that may use it, and this becomes the kind's ACL map. Entries
 * the declaration no longer names are removed (back to "no entry": denied).
 */
export async function declareResourceAcls(
  deps: DomainDeps,
  input: { tenantId: string; kind: string; entries: Record<string, string[]>; actor: Actor },
): Promise<ResourceAclDoc[]> {
  const time = nowIso(deps);
  return commitAccessChange(deps, input.tenantId, input.actor, async (tx) => {
    const policy = (await readPolicyDoc(tx, input.tenantId)) ?? emptyPolicyDoc(input.tenantId, time);
    for (const [resourceId, groups] of Object.entries(input.entries))
      assertEntry(input.kind, resourceId, groups, policy.resourceKinds);
    const docs: ResourceAclDoc[] = Object.entries(input.entries).map(([resourceId, groups]) => ({
      _id: aclId(input.tenantId, input.kind, resourceId),
      tenantId: input.tenantId,
      kind: input.kind,
      resourceId,
      groups: [...new Set(groups)],
      updatedAt: time,
    }));
    await tx.collection('resourceAcls').deleteMany({ tenantId: input.tenantId, kind: input.kind });
    if (docs.length) await tx.collection<ResourceAclDoc>('resourceAcls').insertMany(docs);
    return {
      result: docs,
      event: {
        type: 'resource_acl.updated',
        subject: input.kind,
        payload: { kind: input.kind, declared: docs.length },
      },
      target: { type: 'resource_kind', id: input.kind },
      recompute: false,
    };
  });
}
