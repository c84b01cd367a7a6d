import { RosterError } from '../errors/index.js';
import { allow, type Decision } from './decision.js';
import { assertPermissions } from './permission.js';

/** A role as an admin writes it (design 001 `Role`): inheritance forms a DAG. */
export interface RoleDefinition {
  name: string;
  description?: string;
  permissions: string[];
  inherits?: string[];
  /** Higher wins under the `highest` mapping strategy; defaults to 1 + the highest inherited rank. */
  rank?: number;
}

/** One role compiled: its transitive permissions, each with the role that declared it. */
export interface CompiledRole {
  readonly name: string;
  readonly description: string;
  readonly rank: number;
  readonly inherits: readonly string[];
  /** permission → the role (this one or an ancestor) that declares it. */
  readonly permissions: ReadonlyMap<string, string>;
  /** permission → the decision holding it through this role gives; shared by every subject. */
  readonly decisions: ReadonlyMap<string, Decision>;
}

/** The reason a role's grant gives, naming the ancestor that declared it when inherited. */
export function grantedByRole(role: string, declaredBy: string, permission: string): Decision {
  const inherited = declaredBy === role ? '' : ` (inherited from ${declaredBy})`;
  return allow(`granted by role ${role} via ${permission}${inherited}`);
}

export interface RoleCatalog {
  readonly roles: ReadonlyMap<string, CompiledRole>;
}

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

function validate(defs: readonly RoleDefinition[]): Map<string, RoleDefinition> {
  const byName = new Map<string, RoleDefinition>();
  for (const def of defs) {
    // Stryker disable next-line StringLiteral: any stand-in for a missing name fails ROLE_NAME the same way
    if (!ROLE_NAME.test(def.name ?? '')) {
      throw new RosterError(
        'invalid_input',
        `role name ${JSON.stringify(def.name)} must be 1-64 lowercase letters, digits, _ or -, starting with a letter`,
      );
    }
    if (byName.has(def.name)) throw new RosterError('invalid_input', `role "${def.name}" is defined twice`);
    assertPermissions(def.permissions ?? [], `role "${def.name}"`);
    byName.set(def.name, def);
  }
  for (const def of defs) {
    const missing = (def.inherits ?? []).filter((parent) => !byName.has(parent));
    if (missing.length) {
      throw new RosterError('role_not_found', `role "${def.name}" inherits unknown role(s) ${missing.join(', ')}`, {
        details: { role: def.name, missing },
      });
    }
  }
  return byName;
}

/** Depth-first search with the path on a stack, so a cycle can be named edge by edge. */
function assertAcyclic(byName: Map<string, RoleDefinition>): void {
  const done = new Set<string>();
  // Stryker disable next-line ArrayDeclaration: a stray start entry matters only if a role bore its name
  const path: string[] = [];
  const visit = (name: string): void => {
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = [...path.slice(at), name];
      throw new RosterError('role_cycle', `role inheritance cycle: ${cycle.join(' → ')}`, { details: { cycle } });
    }
    // Stryker disable next-line ConditionalExpression: memo only: revisiting a finished role finds no cycle
    if (done.has(name)) return;
    path.push(name);
    for (const parent of byName.get(name)!.inherits ?? []) visit(parent);
    path.pop();
    done.add(name);
  };
  for (const name of byName.keys()) visit(name);
}

/**
 * Validates role definitions (names, permissions, known parents, no cycles: RosterError
 * `role_cycle` naming the cycle) and resolves each role's transitive permissions once, so a
 * check never walks the graph.
 */
export function compileRoles(defs: readonly RoleDefinition[]): RoleCatalog {
  const byName = validate(defs);
  assertAcyclic(byName);
  const roles = new Map<string, CompiledRole>();
  const resolve = (name: string): CompiledRole => {
    const known = roles.get(name);
    // Stryker disable next-line ConditionalExpression: memo only: a role compiled again compiles the same
    if (known) return known;
    const def = byName.get(name)!;
    const parents = (def.inherits ?? []).map(resolve);
    const permissions = new Map<string, string>();
    for (const p of def.permissions) permissions.set(p, name);
    for (const parent of parents) {
      for (const [p, from] of parent.permissions) if (!permissions.has(p)) permissions.set(p, from);
    }
    const rank = def.rank ?? 1 + Math.max(0, ...parents.map((p) => p.rank));
    const decisions = new Map([...permissions].map(([p, from]) => [p, grantedByRole(name, from, p)] as const));
    const compiled = Object.freeze({
      name,
      description: def.description ?? '',
      rank,
      inherits: Object.freeze([...(def.inherits ?? [])]),
      permissions,
      decisions,
    });
    roles.set(name, compiled);
    return compiled;
  };
  for (const name of byName.keys()) resolve(name);
  return Object.freeze({ roles });
}

/** The sorted transitive permissions of one role, for display. */
export function permissionsOfRole(catalog: RoleCatalog, name: string): string[] {
  const role = catalog.roles.get(name);
  if (!role) throw new RosterError('role_not_found', `role "${name}" does not exist`);
  return [...role.permissions.keys()].sort();
}
