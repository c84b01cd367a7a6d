import { describe, expect, it } from 'vitest';
import { ROLE_PRESETS } from '../../../config/roles/index.js';
import type { RosterError } from '../../../src/errors/index.js';
import { compileRoles, permissionsOfRole, type RoleDefinition } from '../../../src/rbac/index.js';

function errorOf(defs: RoleDefinition[]): RosterError {
  try {
    compileRoles(defs);
  } catch (err) {
    return err as RosterError;
  }
  throw new Error('expected compileRoles to throw');
}

describe('design 001: role inheritance', () => {
  const catalog = compileRoles(ROLE_PRESETS['org-hierarchy'].roles);

  it.each([
    ['viewer', 'transcript:read', true],
    ['viewer', 'transcript:create', false],
    ['member', 'summary:read', true], // from viewer
    ['manager', 'transcript:create', true], // from member
    ['admin', 'team:invite', true], // from manager
    ['admin', 'billing:manage', false],
    ['owner', 'summary:read', true], // four levels down
    ['owner', 'admin:*', true],
  ])('%s holds %s through inheritance: %s', (role, permission, expected) => {
    expect(permissionsOfRole(catalog, role).includes(permission)).toBe(expected);
  });

  it('ranks owner > admin > manager > member > viewer from the inheritance chain', () => {
    const rank = (r: string) => catalog.roles.get(r)!.rank;
    expect([rank('owner'), rank('admin'), rank('manager'), rank('member'), rank('viewer')]).toEqual([5, 4, 3, 2, 1]);
  });

  it('remembers which ancestor declared an inherited permission', () => {
    expect(catalog.roles.get('owner')!.permissions.get('team:invite')).toBe('manager');
  });
});

describe('role definitions are validated when they are defined', () => {
  it.each<[string, RoleDefinition[], string, RegExp]>([
    ['a self-cycle', [{ name: 'a', permissions: [], inherits: ['a'] }], 'role_cycle', /a → a/],
    [
      'a three-role cycle',
      [
        { name: 'a', permissions: [], inherits: ['b'] },
        { name: 'b', permissions: [], inherits: ['c'] },
        { name: 'c', permissions: [], inherits: ['a'] },
      ],
      'role_cycle',
      /a → b → c → a/,
    ],
    ['an unknown parent', [{ name: 'a', permissions: [], inherits: ['ghost'] }], 'role_not_found', /ghost/],
    ['a malformed permission', [{ name: 'a', permissions: ['everything'] }], 'invalid_input', /everything/],
    [
      'a duplicate name',
      [
        { name: 'a', permissions: [] },
        { name: 'a', permissions: [] },
      ],
      'invalid_input',
      /twice/,
    ],
    ['a bad name', [{ name: 'Bad Name', permissions: [] }], 'invalid_input', /role name/],
  ])('rejects %s', (_what, defs, code, message) => {
    const error = errorOf(defs);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('names the cycle in the error details', () => {
    const error = errorOf([
      { name: 'x', permissions: [], inherits: ['y'] },
      { name: 'y', permissions: [], inherits: ['x'] },
    ]);
    expect(error.details.cycle).toEqual(['x', 'y', 'x']);
  });

  it('accepts a diamond (a DAG, not a cycle)', () => {
    const catalog = compileRoles([
      { name: 'base', permissions: ['a:read'] },
      { name: 'left', permissions: ['b:read'], inherits: ['base'] },
      { name: 'right', permissions: ['c:read'], inherits: ['base'] },
      { name: 'top', permissions: [], inherits: ['left', 'right'] },
    ]);
    expect(permissionsOfRole(catalog, 'top')).toEqual(['a:read', 'b:read', 'c:read']);
  });
});
