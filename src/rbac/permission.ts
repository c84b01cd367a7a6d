import { RosterError } from '../errors/index.js';

// Permissions are `resource:action[:qualifier]` strings (design 000 `models:use:large`, design 001
// `transcript:read:all`). A `*` may stand only as the last segment: `resource:*` grants every
// action of the resource (design 001 matchesWildcard), `resource:action:*` every qualifier of one
// action, and `admin:*` grants everything (design 001 ADMIN_FULL).

export const ADMIN_ALL = 'admin:*';

const SEGMENT = '[a-z0-9][a-z0-9_.-]*';
/** The grammar as one RegExp (also published as the JSON Schema pattern in /v1/openapi.json). */
export const PERMISSION_PATTERN = new RegExp(`^${SEGMENT}:(?:\\*|${SEGMENT}(?::(?:\\*|${SEGMENT}))?)$`);

export function isPermission(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && PERMISSION_PATTERN.test(value);
}

export function assertPermissions(values: readonly unknown[], where: string): string[] {
  const bad = values.filter((v) => !isPermission(v));
  if (bad.length) {
    throw new RosterError(
      'invalid_input',
      `${where}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} ` +
        'not resource:action[:qualifier] permissions',
      {
        details: { invalid: bad },
      },
    );
  }
  return values as string[];
}

/**
 * Whether a grant covers a permission, by the rule `check` applies: equal, admin:*, or a wildcard
 * whose prefix (`chat:*` → `chat:`) starts the permission.
 */
export function covers(grant: string, permission: string): boolean {
  if (grant === permission || grant === ADMIN_ALL) return true;
  return grant.endsWith(':*') && permission.startsWith(grant.slice(0, -1));
}
