import { RosterError } from '../errors/index.js';
import { ADMIN_ALL, checkAll, covers, type NamedDecision } from '../rbac/index.js';
import { ROSTER_PERMISSIONS } from './admin-permissions.js';
import type { Principal } from './principal.js';

// The permission list of an admin key (`roster key create acme --permissions audit:view,usage:view`).
// The guard (guard.ts) checks a listed key exactly like any other, so the list is the key's whole
// reach; this file keeps the list meaningful and stops a narrowed key from minting a wider one.

/** `audit:view` guards the audit read API; design 000 uses the same name. */
export const ADMIN_KEY_PERMISSIONS: readonly string[] = Object.freeze([
  ...Object.values(ROSTER_PERMISSIONS),
  'audit:view',
]);

const RESOURCES = new Set(ADMIN_KEY_PERMISSIONS.map((p) => p.split(':')[0]));

function isKnown(permission: string): boolean {
  if (permission === ADMIN_ALL || ADMIN_KEY_PERMISSIONS.includes(permission)) return true;
  return permission.endsWith(':*') && RESOURCES.has(permission.slice(0, -2));
}

/** The list as given (trimmed, deduplicated), or invalid_input naming every unknown entry. */
export function parseAdminKeyPermissions(list: readonly string[]): string[] {
  const permissions = [...new Set(list.map((p) => p.trim()).filter(Boolean))];
  if (!permissions.length) throw new RosterError('invalid_input', 'the permission list of an admin key is empty');
  const unknown = permissions.filter((p) => !isKnown(p));
  if (unknown.length) {
    throw new RosterError(
      'invalid_input',
      `unknown permission${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; an admin key may hold ${ADMIN_ALL}, ` +
        `<resource>:* or any of ${ADMIN_KEY_PERMISSIONS.join(', ')}`,
      { details: { unknown, allowed: ADMIN_KEY_PERMISSIONS } },
    );
  }
  return permissions;
}

/**
 * Roster permissions that granting `requested` would hand out (a scoped key's list, a user's
 * custom permissions) must all be held by the caller: otherwise a key limited to keys:manage
 * could give a user roles:manage and mint a key for them, and exceed its own list. Answers the
 * failed decision, naming the first permission the caller lacks, or undefined.
 */
export function beyondCaller(principal: Principal, requested: readonly string[]): NamedDecision | undefined {
  const reached = ADMIN_KEY_PERMISSIONS.filter((r) => requested.some((p) => covers(p, r)));
  const decision = checkAll(principal.check, reached);
  if (!reached.length || decision.allow) return undefined;
  return { ...decision, reason: `denied: a key cannot grant ${decision.permission}, which it does not hold` };
}
