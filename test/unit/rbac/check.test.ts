import { describe, expect, it } from 'vitest';
import { ROLE_PRESETS } from '../../../config/roles/index.js';
import {
  check,
  checkAll,
  checkAny,
  checkerOf,
  checkScoped,
  compileRoles,
  compileScope,
  compileSubject,
  effectivePermissionsOf,
  subjectFromStored,
} from '../../../src/rbac/index.js';
import { SEED_000_MATRIX, SEED_000_PERMISSIONS } from '../../fixtures/designs/seed-000-matrix.js';

describe('design 000: five roles × nine permissions', () => {
  const catalog = compileRoles(ROLE_PRESETS['api-platform'].roles);
  const cases = Object.entries(SEED_000_MATRIX).flatMap(([role, held]) =>
    SEED_000_PERMISSIONS.map((p) => [role, p, held.includes(p)] as const),
  );

  it.each(cases)('%s → %s allowed: %s', (role, permission, expected) => {
    const decision = check(compileSubject(catalog, { roles: [role] }), permission);
    expect(decision.allow).toBe(expected);
    expect(decision.reason).toBe(expected ? `granted by role ${role} via ${permission}` : 'denied: no grant');
  });
});

describe('design 001: wildcards, custom and denied permissions', () => {
  const catalog = compileRoles([
    ...ROLE_PRESETS['org-hierarchy'].roles,
    { name: 'chatter', permissions: ['chat:*'] },
    { name: 'large-user', permissions: ['models:use:*'] },
  ]);
  const subject = (roles: string[], customPermissions: string[] = [], deniedPermissions: string[] = []) =>
    compileSubject(catalog, { roles, customPermissions, deniedPermissions });

  it.each([
    ['resource:* grants every action', subject(['chatter']), 'chat:stream', true, 'granted by role chatter via chat:*'],
    [
      'resource:* grants qualified actions',
      subject(['chatter']),
      'chat:stream:fast',
      true,
      'granted by role chatter via chat:*',
    ],
    ['resource:* stays inside its resource', subject(['chatter']), 'billing:view', false, 'denied: no grant'],
    [
      'resource:action:* grants every qualifier',
      subject(['large-user']),
      'models:use:large',
      true,
      'granted by role large-user via models:use:*',
    ],
    ['admin:* grants everything', subject(['owner']), 'anything:at:all', true, 'granted by role owner via admin:*'],
    [
      'inherited grants name their source',
      subject(['admin']),
      'team:invite',
      true,
      'granted by role admin via team:invite (inherited from manager)',
    ],
    [
      'custom permissions add',
      subject(['viewer'], ['billing:view']),
      'billing:view',
      true,
      'granted by custom permission billing:view',
    ],
    [
      'deny beats a role grant',
      subject(['manager'], [], ['team:invite']),
      'team:invite',
      false,
      'denied: user deny list',
    ],
    [
      'deny beats a custom grant',
      subject(['viewer'], ['billing:view'], ['billing:view']),
      'billing:view',
      false,
      'denied: user deny list',
    ],
    [
      'a wildcard deny beats a grant',
      subject(['manager'], [], ['transcript:*']),
      'transcript:read',
      false,
      'denied: user deny list',
    ],
    [
      'deny beats a wildcard grant',
      subject(['chatter'], [], ['chat:stream']),
      'chat:stream',
      false,
      'denied: user deny list',
    ],
    [
      'admin:* beats the deny list',
      subject(['owner'], [], ['billing:manage']),
      'billing:manage',
      true,
      'granted by role owner via admin:*',
    ],
    ['no roles: deny by default', subject([]), 'transcript:read', false, 'denied: no grant'],
    ['unknown roles grant nothing', subject(['ghost']), 'transcript:read', false, 'denied: no grant'],
  ])('%s', (_what, s, permission, allow, reason) => {
    expect(check(s, permission)).toEqual({ allow, reason });
  });

  it('requires every permission with checkAll and names the missing one', () => {
    expect(checkAll(checkerOf(subject(['member'])), ['transcript:read', 'team:invite'])).toMatchObject({
      allow: false,
      permission: 'team:invite',
    });
    expect(checkAll(checkerOf(subject(['manager'])), ['transcript:read', 'team:invite']).allow).toBe(true);
    expect(checkAll(checkerOf(subject(['owner'])), []).allow).toBe(false); // naming nothing grants nothing
  });

  it('is satisfied by any one permission with checkAny (design 001 hasAnyPermission)', () => {
    expect(checkAny(checkerOf(subject(['member'])), ['team:invite', 'transcript:read']).allow).toBe(true);
    expect(checkAny(checkerOf(subject(['viewer'])), ['team:invite', 'team:manage'])).toMatchObject({
      allow: false,
      permission: 'team:invite or team:manage',
    });
  });

  it('stores effective permissions without the exact denials, except for admin:* holders', () => {
    expect(effectivePermissionsOf(subject(['viewer'], ['billing:view'], ['summary:read']))).toEqual([
      'billing:view',
      'transcript:read',
    ]);
    expect(effectivePermissionsOf(subject(['owner'], [], ['billing:manage']))).toContain('billing:manage');
  });

  it('decides the same from the stored permissions and names the role when given the catalog', () => {
    const compiled = subject(['manager'], ['billing:view'], ['team:invite']);
    const stored = {
      effectiveRoles: compiled.roles,
      effectivePermissions: effectivePermissionsOf(compiled),
      customPermissions: ['billing:view'],
      deniedPermissions: ['team:invite'],
    };
    const rebuilt = subjectFromStored(stored, catalog);
    for (const p of ['transcript:read:all', 'team:invite', 'billing:view', 'billing:manage', 'summary:read']) {
      expect(check(rebuilt, p)).toEqual(check(compiled, p));
    }
    expect(check(subjectFromStored(stored), 'team:view').reason).toBe('granted via team:view');
  });
});

describe('design 000: scoped keys never exceed their owner', () => {
  const catalog = compileRoles(ROLE_PRESETS['api-platform'].roles);
  const scope = compileScope(['chat:complete', 'chat:stream', 'models:use:large']);

  it.each([
    ['developer', 'chat:stream', true, 'granted by role developer via chat:stream'],
    ['developer', 'embeddings:create', false, 'denied: outside key scope'], // owner may, key may not
    ['analyst', 'chat:stream', false, 'denied: no grant'], // key may, owner (demoted) may not
    ['analyst', 'models:use:large', false, 'denied: no grant'],
  ])('owner %s using %s: %s', (role, permission, allow, reason) => {
    expect(checkScoped(compileSubject(catalog, { roles: [role] }), scope, permission)).toEqual({ allow, reason });
  });
});
