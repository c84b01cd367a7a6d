import type { DomainEventInput } from '../audit/index.js';
import type { Db } from '../store/index.js';
import { newId } from '../domain/index.js';
import type { GroupDoc, MembershipDoc } from '../people/index.js';

// A SAML login replaces the user's SAML-sourced memberships with the groups in the assertion.
// Memberships from SCIM or an admin are never touched. A group the IdP names but Roster does not
// know yet is created (source 'saml'), so role mappings work for tenants without SCIM.

/** More groups than this in one assertion is not a directory, it is an attack on the store. */
const MAX_GROUPS = 1000;

function clean(values: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of values) {
    const value = raw.trim();
    if (value && value.length <= 256 && !seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  }
  return [...seen.values()].slice(0, MAX_GROUPS);
}

function newGroup(tenantId: string, displayName: string, externalId: string | undefined, time: string): GroupDoc {
  return {
    _id: newId(),
    tenantId,
    displayName,
    displayNameLower: displayName.toLowerCase(),
    ...(externalId ? { externalId } : {}),
    source: 'saml',
    createdAt: time,
    updatedAt: time,
    version: 1,
  };
}

/** Groups by display name (case-insensitive) or by the IdP's id (the group's externalId). */
async function findGroups(
  tx: Db,
  tenantId: string,
  kind: 'names' | 'ids',
  values: string[],
): Promise<{ found: GroupDoc[]; missing: string[] }> {
  const groups = tx.collection<GroupDoc>('groups');
  const found =
    kind === 'names'
      ? await groups.find({ tenantId, displayNameLower: { $in: values.map((v) => v.toLowerCase()) } })
      : await groups.find({ tenantId, externalId: { $in: values } });
  const key = (g: GroupDoc) => (kind === 'names' ? g.displayNameLower : (g.externalId ?? ''));
  const have = new Set(found.map(key));
  return { found, missing: values.filter((v) => !have.has(kind === 'names' ? v.toLowerCase() : v)) };
}

export async function resolveGroups(
  tx: Db,
  tenantId: string,
  claim: { kind: 'names' | 'ids'; values: string[] },
  time: string,
): Promise<{ groups: GroupDoc[]; events: DomainEventInput[] }> {
  const values = clean(claim.values);
  if (values.length === 0) return { groups: [], events: [] };
  const { found, missing } = await findGroups(tx, tenantId, claim.kind, values);
  // An id-named group whose id is already some group's display name is that group.
  const { found: byName, missing: toCreate } =
    claim.kind === 'ids' && missing.length ? await findGroups(tx, tenantId, 'names', missing) : { found: [], missing };
  const created = toCreate.map((v) => newGroup(tenantId, v, claim.kind === 'ids' ? v : undefined, time));
  if (created.length) await tx.collection<GroupDoc>('groups').insertMany(created);
  const events: DomainEventInput[] = created.map((g) => ({
    type: 'group.created',
    subject: g._id,
    payload: { displayName: g.displayName, source: 'saml' },
  }));
  return { groups: [...found, ...byName, ...created], events };
}

export async function replaceSamlMemberships(
  tx: Db,
  tenantId: string,
  userId: string,
  groups: GroupDoc[],
  time: string,
): Promise<DomainEventInput[]> {
  const memberships = tx.collection<MembershipDoc>('memberships');
  const desired = new Set(groups.map((g) => g._id));
  const existing = await memberships.find({ tenantId, userId });
  const stale = existing.filter((m) => m.source === 'saml' && !desired.has(m.groupId));
  const held = new Set(existing.map((m) => m.groupId));
  const added = [...desired].filter((groupId) => !held.has(groupId));
  if (stale.length) await memberships.deleteMany({ tenantId, _id: { $in: stale.map((m) => m._id) } });
  if (added.length) {
    await memberships.insertMany(
      added.map((groupId) => ({ _id: newId(), tenantId, groupId, userId, source: 'saml' as const, createdAt: time })),
    );
  }
  return [
    ...stale.map(
      (m): DomainEventInput => ({
        type: 'group.member_removed',
        subject: m.groupId,
        payload: { userId, source: 'saml' },
      }),
    ),
    ...added.map(
      (groupId): DomainEventInput => ({
        type: 'group.member_added',
        subject: groupId,
        payload: { userId, source: 'saml' },
      }),
    ),
  ];
}
