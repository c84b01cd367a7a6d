import { describe, expect, it } from 'vitest';
import { ROLE_PRESETS } from '../../../config/roles/index.js';
import {
  assertMapping,
  compileRoles,
  mapGroupsToRoles,
  type GroupRef,
  type RoleMapping,
} from '../../../src/rbac/index.js';

const catalog = compileRoles(ROLE_PRESETS['org-hierarchy'].roles);
const g = (displayName: string, externalId?: string): GroupRef => ({
  id: `id-${displayName}`,
  displayName,
  externalId,
});
const ENTRA_MANAGERS = '0b5c0000-0000-4000-8000-00000000aa01';

// Design 001 groupRoleMapping, with Entra object ids as well as names.
const mapping = (strategy: RoleMapping['strategy']): RoleMapping => ({
  strategy,
  defaultRole: 'member',
  rules: [
    { group: 'TwinMind-Viewers', role: 'viewer' },
    { groupId: ENTRA_MANAGERS, role: 'manager' },
    { group: 'TwinMind-Admins', role: 'admin' },
  ],
});

describe('design 001: IdP group → role mapping', () => {
  it.each<[string, RoleMapping['strategy'], GroupRef[], string[]]>([
    ['no groups: the default role', 'highest', [], ['member']],
    ['a group by displayName, any case', 'highest', [g('twinmind-viewers')], ['viewer']],
    ['an Entra group by object id', 'highest', [g('Managers (renamed)', ENTRA_MANAGERS)], ['manager']],
    ['highest: the highest-ranked role wins', 'highest', [g('TwinMind-Viewers'), g('TwinMind-Admins')], ['admin']],
    ['union: every matched role', 'union', [g('TwinMind-Viewers'), g('TwinMind-Admins')], ['viewer', 'admin']],
    ['first: the first matching rule', 'first', [g('TwinMind-Admins'), g('TwinMind-Viewers')], ['viewer']],
    ['unmatched groups: the default role', 'union', [g('Cafeteria')], ['member']],
  ])('%s', (_what, strategy, groups, expected) => {
    expect(mapGroupsToRoles(mapping(strategy), catalog, groups)).toEqual(expected);
  });

  it('gives no role at all when there is no default (deny by default)', () => {
    expect(mapGroupsToRoles({ ...mapping('highest'), defaultRole: null }, catalog, [])).toEqual([]);
  });

  it.each<[string, RoleMapping, RegExp]>([
    ['an unknown role', { strategy: 'highest', rules: [{ group: 'x', role: 'emperor' }] }, /emperor/],
    ['an unknown default role', { strategy: 'highest', rules: [], defaultRole: 'ghost' }, /ghost/],
    ['a rule naming neither group nor groupId', { strategy: 'highest', rules: [{ role: 'viewer' }] }, /exactly one/],
    ['a rule naming both', { strategy: 'union', rules: [{ group: 'a', groupId: 'b', role: 'viewer' }] }, /exactly one/],
    ['an unknown strategy', { strategy: 'random' as 'union', rules: [] }, /strategy/],
  ])('rejects a mapping with %s', (_what, bad, message) => {
    expect(() => assertMapping(bad, catalog)).toThrow(message);
  });
});
