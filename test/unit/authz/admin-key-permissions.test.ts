import { describe, expect, it } from 'vitest';
import {
  ADMIN_KEY_PERMISSIONS,
  beyondCaller,
  parseAdminKeyPermissions,
} from '../../../src/authz/admin-key-permissions.js';
import type { Principal } from '../../../src/authz/principal.js';
import { refusalOf } from '../../helpers/errors.js';
import { checkerOf, compileScope } from '../../../src/rbac/index.js';

/** An admin key holding `permissions`, checked by the real RBAC checker of a key scope. */
function keyHolding(permissions: string[]): Principal {
  return {
    kind: 'admin',
    tenantId: 'acme',
    keyId: 'k1',
    actor: { type: 'api_key', id: 'k1' },
    check: checkerOf(compileScope(permissions)),
  } as Principal;
}

describe('parseAdminKeyPermissions', () => {
  it('keeps known permissions, admin:* and <resource>:* of a known resource, trimmed and once each', () => {
    expect(parseAdminKeyPermissions([' audit:view', 'usage:view', 'audit:view', '', 'roles:*', 'admin:*'])).toEqual([
      'audit:view',
      'usage:view',
      'roles:*',
      'admin:*',
    ]);
  });

  it.each([[[]], [['', '  ']]])('refuses an empty list (%j)', (list) => {
    expect(refusalOf(() => parseAdminKeyPermissions(list)).message).toBe(
      'the permission list of an admin key is empty',
    );
  });

  it('names every unknown entry and lists what a key may hold', () => {
    const error = refusalOf(() => parseAdminKeyPermissions(['audit:view', 'chat:complete', 'billing:*', 'roles']));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(
      /^unknown permissions chat:complete, billing:\*, roles; an admin key may hold admin:\*/,
    );
    expect(error.details).toEqual({ unknown: ['chat:complete', 'billing:*', 'roles'], allowed: ADMIN_KEY_PERMISSIONS });
    expect(refusalOf(() => parseAdminKeyPermissions(['nope:x'])).message).toMatch(/^unknown permission nope:x;/);
  });
});

describe('beyondCaller', () => {
  it('lets a key grant what it holds, and Roster-unrelated permissions freely', () => {
    const caller = keyHolding(['keys:manage', 'usage:view']);
    expect(beyondCaller(caller, ['usage:view'])).toBeUndefined();
    expect(beyondCaller(caller, ['chat:complete', 'models:use:large'])).toBeUndefined();
    expect(beyondCaller(caller, [])).toBeUndefined();
  });

  it('refuses a grant reaching a Roster permission the key lacks, naming it', () => {
    const caller = keyHolding(['keys:manage']);
    const denied = beyondCaller(caller, ['keys:manage', 'roles:manage']);
    expect(denied).toMatchObject({
      allow: false,
      permission: 'roles:manage',
      reason: 'denied: a key cannot grant roles:manage, which it does not hold',
    });
  });

  it('reads a wildcard request as every Roster permission it covers', () => {
    expect(beyondCaller(keyHolding(['roles:read']), ['roles:*'])?.permission).toBe('roles:manage');
    expect(beyondCaller(keyHolding(['admin:*']), ['admin:*'])).toBeUndefined();
    expect(
      beyondCaller(keyHolding(ADMIN_KEY_PERMISSIONS.filter((p) => p !== 'audit:view')), ['admin:*']),
    ).toMatchObject({ permission: 'audit:view' });
  });
});
