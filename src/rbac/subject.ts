import { allow, type Decision } from './decision.js';
import { ADMIN_ALL } from './permission.js';
import type { RoleCatalog } from './role-catalog.js';

/**
 * A subject's permissions compiled once per change (issue 4 §1): a check is then a Map lookup for
 * the permission plus one or two wildcard lookups. Each grant carries its ready-made decision, so
 * the reason names the role that granted it without any work at check time.
 */
export interface CompiledSubject {
  readonly roles: readonly string[];
  /** grant (exact or wildcard) → the decision it produces. */
  readonly grants: ReadonlyMap<string, Decision>;
  /** Permissions (exact or wildcard) removed from this subject (seed 001 deniedPermissions). */
  readonly denies: ReadonlySet<string>;
  /** Set when the subject holds admin:*, which beats every deny (seed 001 hasPermission). */
  readonly admin?: Decision;
}

export interface SubjectInput {
  roles: readonly string[];
  customPermissions?: readonly string[];
  deniedPermissions?: readonly string[];
}

function grantedByRole(role: string, declaredBy: string, permission: string): Decision {
  const inherited = declaredBy === role ? '' : ` (inherited from ${declaredBy})`;
  return allow(`granted by role ${role} via ${permission}${inherited}`);
}

function build(roles: readonly string[], grants: Map<string, Decision>, denied: readonly string[] = []): CompiledSubject {
  const admin = grants.get(ADMIN_ALL);
  return Object.freeze({ roles: Object.freeze([...roles]), grants, denies: new Set(denied), ...(admin ? { admin } : {}) });
}

/**
 * Compiles roles (already resolved through the catalog; unknown names are ignored, deny by
 * default) plus per-user custom grants and denials into a subject.
 */
export function compileSubject(catalog: RoleCatalog, input: SubjectInput): CompiledSubject {
  const grants = new Map<string, Decision>();
  const known = input.roles.filter((r) => catalog.roles.has(r));
  for (const name of known) {
    for (const [permission, declaredBy] of catalog.roles.get(name)!.permissions) {
      if (!grants.has(permission)) grants.set(permission, grantedByRole(name, declaredBy, permission));
    }
  }
  for (const permission of input.customPermissions ?? []) {
    if (!grants.has(permission)) grants.set(permission, allow(`granted by custom permission ${permission}`));
  }
  return build(known, grants, input.deniedPermissions);
}

/** What a user document stores (src/directory/types.ts UserDoc's derived fields). */
export interface StoredSubject {
  effectiveRoles: readonly string[];
  effectivePermissions: readonly string[];
  customPermissions?: readonly string[];
  deniedPermissions?: readonly string[];
}

/**
 * Rebuilds a subject from the permissions stored on a user, which decide; the catalog, when
 * given, only names which of the user's roles granted each one in the reason.
 */
export function subjectFromStored(user: StoredSubject, catalog?: RoleCatalog): CompiledSubject {
  const custom = new Set(user.customPermissions ?? []);
  const grants = new Map<string, Decision>();
  for (const permission of user.effectivePermissions) {
    grants.set(permission, attribute(permission, user.effectiveRoles, custom, catalog));
  }
  return build(user.effectiveRoles, grants, user.deniedPermissions);
}

function attribute(permission: string, roles: readonly string[], custom: Set<string>, catalog?: RoleCatalog): Decision {
  for (const name of roles) {
    const declaredBy = catalog?.roles.get(name)?.permissions.get(permission);
    if (declaredBy) return grantedByRole(name, declaredBy, permission);
  }
  if (custom.has(permission)) return allow(`granted by custom permission ${permission}`);
  return allow(`granted via ${permission}`);
}

/**
 * The permissions to store on the user and show in capabilities: every grant, minus the exact
 * denials (admin:* holders keep everything, seed 001). Wildcard denials still apply at check time.
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
