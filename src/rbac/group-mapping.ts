import { RosterError } from '../errors/index.js';
import type { GroupRef } from './acl.js';
import type { RoleCatalog } from './role-catalog.js';

// IdP group → role mapping (design 001 groupRoleMapping). Rules are ordered; a rule
// names a group by displayName (Okta, Google, OneLogin send names) or by the IdP's group id
// (Entra ID sends object ids, which Roster keeps as the group's externalId).

export type MappingStrategy = 'highest' | 'union' | 'first';
export const MAPPING_STRATEGIES: readonly MappingStrategy[] = ['highest', 'union', 'first'];

export interface MappingRule {
  /** Matches a group's displayName, case-insensitively. */
  group?: string;
  /** Matches a group's externalId (the IdP's id) or Roster's own group id, exactly. */
  groupId?: string;
  role: string;
}

export interface RoleMapping {
  rules: readonly MappingRule[];
  /** Given when no rule matches (design 001: `let role = 'member'`); null gives no role. */
  defaultRole?: string | null;
  /**
   * highest: the matched role with the highest rank (ties: the earlier rule);
   * union: every matched role; first: the first matching rule, as design 001's loop does.
   */
  strategy: MappingStrategy;
}

export function assertMapping(mapping: RoleMapping, catalog: RoleCatalog): void {
  if (!MAPPING_STRATEGIES.includes(mapping.strategy)) {
    throw new RosterError('invalid_input', `strategy must be one of ${MAPPING_STRATEGIES.join(', ')}`);
  }
  mapping.rules.forEach((rule, i) => {
    if ((rule.group === undefined) === (rule.groupId === undefined)) {
      throw new RosterError('invalid_input', `mapping rule ${i} must name exactly one of group or groupId`);
    }
  });
  const roles = [...mapping.rules.map((r) => r.role), ...(mapping.defaultRole ? [mapping.defaultRole] : [])];
  const missing = [...new Set(roles.filter((r) => !catalog.roles.has(r)))];
  if (missing.length)
    throw new RosterError('role_not_found', `mapping names unknown role(s) ${missing.join(', ')}`, {
      details: { missing },
    });
}

function matches(rule: MappingRule, group: GroupRef): boolean {
  if (rule.groupId !== undefined) return rule.groupId === group.externalId || rule.groupId === group.id;
  return rule.group!.toLowerCase() === group.displayName.toLowerCase();
}

function matchedRoles(mapping: RoleMapping, groups: readonly GroupRef[]): string[] {
  // Stryker disable next-line ArrayDeclaration: a stray role not in the catalog is dropped by the caller
  const roles: string[] = [];
  for (const rule of mapping.rules) {
    if (groups.some((g) => matches(rule, g)) && !roles.includes(rule.role)) roles.push(rule.role);
  }
  return roles;
}

/**
 * Whether any rule names this group. Rules match one group each, so a group no rule names adds
 * nothing to the roles of its members: joining or leaving it changes none of them.
 */
export function mappingNames(mapping: RoleMapping, group: GroupRef): boolean {
  return mapping.rules.some((rule) => matches(rule, group));
}

/** The roles a user holds given their groups; unknown roles are dropped (deny by default). */
export function mapGroupsToRoles(mapping: RoleMapping, catalog: RoleCatalog, groups: readonly GroupRef[]): string[] {
  const matched = matchedRoles(mapping, groups).filter((r) => catalog.roles.has(r));
  if (matched.length === 0)
    return mapping.defaultRole && catalog.roles.has(mapping.defaultRole) ? [mapping.defaultRole] : [];
  if (mapping.strategy === 'union') return matched;
  if (mapping.strategy === 'first') return [matched[0]];
  const rank = (r: string) => catalog.roles.get(r)!.rank;
  return [matched.reduce((best, r) => (rank(r) > rank(best) ? r : best))];
}
