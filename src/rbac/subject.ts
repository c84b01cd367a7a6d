import { allow, type Decision } from './decision.js';
import { LazyGrantTable, wildcardPairs, wildcardPrefix, type GrantTable } from './grant-table.js';
import { ADMIN_ALL } from './permission.js';
import type { RoleCatalog } from './role-catalog.js';

/**
 * A subject's permissions compiled once per change: a check is then a Map lookup for
 * the permission plus one or two wildcard lookups. Each grant carries its ready-made decision, so
 * the reason names the role that granted it without any work at check time.
 */
export interface CompiledSubject {
  readonly roles: readonly string[];
  /** grant (exact or wildcard) → the decision it produces. */
  readonly grants: GrantTable;
  /** The wildcard grants as [prefix, grant], longest prefix first. */
  readonly wildcards: ReadonlyArray<readonly [string, string]>;
  /** Permissions (exact or wildcard) removed from this subject (design 001 deniedPermissions). */
  readonly denies: ReadonlySet<string>;
  /** Prefixes of the wildcard denials (`transcript:*` → `transcript:`). */
  readonly denyPrefixes: readonly string[];
  /** Set when the subject holds admin:*, which beats every deny (design 001 hasPermission). */
  readonly admin?: Decision;
}

export interface SubjectInput {
  roles: readonly string[];
  customPermissions?: readonly string[];
  deniedPermissions?: readonly string[];
}

// Most subjects have no wildcard and no denial: they all point at these two shared, frozen
// empties, which stay in the CPU cache however many subjects a process holds.
const NONE: readonly never[] = Object.freeze([]);
const NO_DENIES: ReadonlySet<string> = Object.freeze(new Set<string>());

function build(roles: readonly string[], grants: GrantTable, denied: readonly string[] = []): CompiledSubject {
  const admin = grants.get(ADMIN_ALL);
  const wildcards = wildcardPairs(grants.keys());
  const denyPrefixes = denied.map(wildcardPrefix).filter((p): p is string => p !== undefined);
  return Object.freeze({
    roles: Object.freeze([...roles]),
    grants,
    wildcards: wildcards.length ? wildcards : NONE,
    denies: denied.length ? new Set(denied) : NO_DENIES,
    denyPrefixes: denyPrefixes.length ? denyPrefixes : NONE,
    ...(admin ? { admin } : {}),
  });
}

/**
 * Compiles roles (already resolved through the catalog; unknown names are ignored, deny by
 * default) plus per-user custom grants and denials into a subject.
 */
export function compileSubject(catalog: RoleCatalog, input: SubjectInput): CompiledSubject {
  const grants = new Map<string, Decision>();
  const known = input.roles.filter((r) => catalog.roles.has(r));
  for (const name of known) {
    for (const [permission, decision] of catalog.roles.get(name)!.decisions) {
      if (!grants.has(permission)) grants.set(permission, decision);
    }
  }
  for (const permission of input.customPermissions ?? []) {
    if (!grants.has(permission)) grants.set(permission, allow(`granted by custom permission ${permission}`));
  }
  return build(known, grants, input.deniedPermissions);
}

/** What a user document stores (src/people/types.ts UserDoc's derived fields). */
export interface StoredSubject {
  effectiveRoles: readonly string[];
  effectivePermissions: readonly string[];
  customPermissions?: readonly string[];
  deniedPermissions?: readonly string[];
}

/**
 * Rebuilds a subject from the permissions stored on a user, which decide; the catalog, when
 * given, only names which of the user's roles granted the deciding permission in the reason.
 * Reasons are worded on first use, so a per-request rebuild costs one Set of the permissions.
 */
export function subjectFromStored(user: StoredSubject, catalog?: RoleCatalog): CompiledSubject {
  const word = (permission: string) => attribute(permission, user, catalog);
  return build(
    user.effectiveRoles,
    new LazyGrantTable(new Set(user.effectivePermissions), word),
    user.deniedPermissions,
  );
}

function attribute(permission: string, user: StoredSubject, catalog?: RoleCatalog): Decision {
  for (const name of user.effectiveRoles) {
    const decision = catalog?.roles.get(name)?.decisions.get(permission);
    if (decision) return decision;
  }
  if (user.customPermissions?.includes(permission)) return allow(`granted by custom permission ${permission}`);
  return allow(`granted via ${permission}`);
}

/**
 * The permissions to store on the user and show in capabilities: every grant, minus the exact
 * denials (admin:* holders keep everything, design 001). Wildcard denials still apply at check time.
 */
export function effectivePermissionsOf(subject: CompiledSubject): string[] {
  const list = [...subject.grants.keys()];
  return (subject.admin ? list : list.filter((p) => !subject.denies.has(p))).sort();
}

/** A key's scope as a subject of its own: its permissions, nothing inherited, nothing denied. */
export function compileScope(permissions: readonly string[]): CompiledSubject {
  const grants = new Map<string, Decision>();
  for (const permission of permissions) grants.set(permission, allow(`granted by key scope via ${permission}`));
  return build([], grants);
}
