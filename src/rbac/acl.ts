import { RosterError } from '../errors/index.js';
import { allow, DENY, GRANT, type Decision } from './decision.js';
import type { Checker } from './check.js';
import { ADMIN_ALL } from './permission.js';

// Design 002: access to agents, tools, workflows (and any kind a tenant declares) is keyed by
// directory groups, not users. No entry → denied (fail closed, even for admins, as design 002's
// canAccessAgent); an empty list → every authenticated user; the admins group overrides.

export const BUILT_IN_KINDS = ['agent', 'tool', 'workflow'] as const;

export interface AclEntry {
  kind: string;
  resourceId: string;
  /** Group references: a displayName (case-insensitive), an IdP group id/externalId, or a Roster group id. */
  groups: readonly string[];
}

export interface AclPolicy {
  /** Groups whose members pass every ACL that exists (design 002 ADMINS). */
  adminGroups: readonly string[];
  /** Kinds the tenant declares beyond agent, tool and workflow. */
  kinds: readonly string[];
}

export interface AclIndex {
  readonly kinds: ReadonlySet<string>;
  readonly entries: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readonly adminGroups: readonly string[];
}

/** A group a user belongs to, as the directory stores it. */
export interface GroupRef {
  id: string;
  displayName: string;
  externalId?: string;
}

/** Every name a user's groups answer to, lowercased, mapped back to the group's displayName. */
export type MemberOf = ReadonlyMap<string, string>;

const KIND = /^[a-z][a-z0-9_-]{0,63}$/;
const norm = (ref: string) => ref.toLowerCase();

export function assertKind(index: Pick<AclIndex, 'kinds'>, kind: string): void {
  if (!index.kinds.has(kind))
    throw new RosterError(
      'invalid_input',
      `resource kind "${kind}" is not declared (known: ${[...index.kinds].join(', ')})`,
    );
}

export function compileAcls(entries: readonly AclEntry[], policy: AclPolicy): AclIndex {
  const bad = policy.kinds.filter((k) => !KIND.test(k));
  if (bad.length)
    throw new RosterError(
      'invalid_input',
      `resource kinds ${bad.join(', ')} must be lowercase letters, digits, _ or -`,
    );
  const kinds = new Set<string>([...BUILT_IN_KINDS, ...policy.kinds]);
  const byKind = new Map<string, Map<string, readonly string[]>>([...kinds].map((k) => [k, new Map()]));
  for (const entry of entries) {
    assertKind({ kinds }, entry.kind);
    byKind.get(entry.kind)!.set(entry.resourceId, Object.freeze(entry.groups.map(norm)));
  }
  return Object.freeze({ kinds, entries: byKind, adminGroups: Object.freeze(policy.adminGroups.map(norm)) });
}

export function memberOf(groups: readonly GroupRef[]): MemberOf {
  const names = new Map<string, string>();
  for (const g of groups) {
    for (const ref of [g.id, g.displayName, g.externalId]) if (ref) names.set(norm(ref), g.displayName);
  }
  return names;
}

/** Design 002 canAccess with the entry lookup first (filterByPermissions: undefined → denied). */
export function checkAcl(
  index: AclIndex,
  groups: MemberOf,
  kind: string,
  resourceId: string,
  check?: Checker,
): Decision {
  const byId = index.entries.get(kind);
  if (!byId) return DENY.unknownKind;
  const allowed = byId.get(resourceId);
  if (allowed === undefined) return DENY.noAclEntry;
  if (allowed.length === 0) return GRANT.emptyAcl;
  const admin = index.adminGroups.find((g) => groups.has(g));
  if (admin !== undefined) return allow(`granted: admins group override (${groups.get(admin)})`);
  const full = check?.(ADMIN_ALL);
  if (full?.allow) return full;
  const group = allowed.find((g) => groups.has(g));
  return group === undefined ? DENY.notInAllowedGroup : allow(`granted by group ${groups.get(group)}`);
}

/** The ids of one kind a user may use, sorted (design 002 getAccessibleAgentIds and friends). */
export function accessibleIds(index: AclIndex, groups: MemberOf, kind: string, check?: Checker): string[] {
  // Stryker disable next-line ArrayDeclaration: ids of an undeclared kind are all denied (unknown kind)
  const ids = [...(index.entries.get(kind)?.keys() ?? [])];
  return ids.filter((id) => checkAcl(index, groups, kind, id, check).allow).sort();
}

/** Design 002 filterByPermissions: keeps the catalogue items the user may use; unlisted ones are dropped. */
export function filterCatalogue<T>(
  index: AclIndex,
  groups: MemberOf,
  kind: string,
  items: Record<string, T>,
  check?: Checker,
): Record<string, T> {
  const kept: Record<string, T> = {};
  for (const [id, item] of Object.entries(items)) {
    if (checkAcl(index, groups, kind, id, check).allow) kept[id] = item;
  }
  return kept;
}
