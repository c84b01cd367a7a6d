import { describe, expect, it } from 'vitest';
import { wildcardPairs, wildcardPrefix } from '../../../src/rbac/grant-table.js';
import {
  accessibleIds,
  assertKind,
  assertMapping,
  assertPermissions,
  check,
  checkAll,
  checkAny,
  checkerOf,
  checkOwned,
  checkScoped,
  compileAcls,
  compilePolicy,
  compileRoles,
  compileScope,
  compileSubject,
  covers,
  DENY,
  effectivePermissionsOf,
  isPermission,
  mapGroupsToRoles,
  memberOf,
  permissionsOfRole,
  subjectFromStored,
  usableModels,
  type RoleMapping,
} from '../../../src/rbac/index.js';

// The engine's rules one by one (README, Authorization): the answer and the reason each gives,
// and the error (code, message, details) for each definition it refuses.

function failure(work: () => unknown): { code: string; message: string; details?: unknown } {
  try {
    work();
  } catch (err) {
    const e = err as { code: string; message: string; details?: unknown };
    const details = e.details && Object.keys(e.details).length ? { details: e.details } : {};
    return { code: e.code, message: e.message, ...details };
  }
  throw new Error('expected a failure');
}

const catalog = compileRoles([
  { name: 'viewer', permissions: ['docs:read'], rank: 1 },
  { name: 'editor', permissions: ['docs:write', 'docs:read'], inherits: ['viewer'], description: 'writes docs' },
  { name: 'peer', permissions: ['docs:read'], rank: 2 },
  { name: 'ops', permissions: ['logs:*', 'logs:read:*'] },
  { name: 'root', permissions: ['admin:*'] },
]);

describe('permissions', () => {
  it('are strings of at most 200 characters in the resource:action[:qualifier] grammar', () => {
    expect(isPermission(`a:${'b'.repeat(198)}`)).toBe(true);
    expect(isPermission(`a:${'b'.repeat(199)}`)).toBe(false);
    expect(isPermission(42)).toBe(false);
    expect(isPermission(['chat:complete'])).toBe(false);
  });

  it('a refusal lists the bad ones, in the singular or the plural, with details', () => {
    expect(failure(() => assertPermissions(['chat:complete', 'Bad'], 'role "x"'))).toEqual({
      code: 'invalid_input',
      message: 'role "x": "Bad" is not resource:action[:qualifier] permissions',
      details: { invalid: ['Bad'] },
    });
    expect(failure(() => assertPermissions(['a', 3], 'key'))).toEqual({
      code: 'invalid_input',
      message: 'key: "a", 3 are not resource:action[:qualifier] permissions',
      details: { invalid: ['a', 3] },
    });
    expect(assertPermissions(['chat:complete'], 'key')).toEqual(['chat:complete']);
  });

  it('a grant covers itself, everything (admin:*), or what its wildcard prefix starts', () => {
    expect(covers('chat:complete', 'chat:complete')).toBe(true);
    expect(covers('admin:*', 'anything:at:all')).toBe(true);
    expect(covers('chat:*', 'chat:complete')).toBe(true);
    expect(covers('chat:*', 'chatter:complete')).toBe(false);
    expect(covers('chat:complete', 'chat:completely')).toBe(false);
  });

  it('wildcard prefixes and pairs: longest prefix first, admin:* left out', () => {
    expect(wildcardPrefix('models:use:*')).toBe('models:use:');
    expect(wildcardPrefix('models:use')).toBeUndefined();
    expect(wildcardPairs(['models:*', 'chat:complete', 'admin:*', 'models:use:*'])).toEqual([
      ['models:use:', 'models:use:*'],
      ['models:', 'models:*'],
    ]);
    expect(wildcardPairs(['chat:complete'])).toEqual([]);
  });
});

describe('checks', () => {
  it('the most specific wildcard names the reason', () => {
    const ops = compileSubject(catalog, { roles: ['ops'] });
    expect(check(ops, 'logs:read:prod')).toEqual({ allow: true, reason: 'granted by role ops via logs:read:*' });
    expect(check(ops, 'logs:delete')).toEqual({ allow: true, reason: 'granted by role ops via logs:*' });
  });

  it('a wildcard denial removes every permission it starts, and nothing else', () => {
    const subject = compileSubject(catalog, { roles: ['editor'], deniedPermissions: ['docs:*'] });
    expect(check(subject, 'docs:write')).toBe(DENY.userDenyList);
    const narrow = compileSubject(catalog, { roles: ['editor', 'ops'], deniedPermissions: ['logs:read:*'] });
    expect(check(narrow, 'logs:read:prod')).toBe(DENY.userDenyList);
    expect(check(narrow, 'logs:write')).toMatchObject({ allow: true });
    expect(check(narrow, 'docs:read')).toMatchObject({ allow: true });
    expect(narrow.denyPrefixes).toEqual(['logs:read:']);
  });

  it('checkAll: nothing asked is denied; the first denial decides and names its permission', () => {
    const editor = checkerOf(compileSubject(catalog, { roles: ['editor'] }));
    expect(checkAll(editor, [])).toEqual({ allow: false, reason: 'denied: no grant', permission: '' });
    expect(checkAll(editor, ['docs:read', 'docs:delete', 'docs:write'])).toEqual({
      allow: false,
      reason: 'denied: no grant',
      permission: 'docs:delete',
    });
    expect(checkAll(editor, ['docs:read', 'docs:write'])).toEqual({
      allow: true,
      reason: 'granted by role editor via docs:write',
      permission: 'docs:write',
    });
  });

  it("checkAny: one allowed suffices; all denied gives the first denial's reason and names them all", () => {
    const subject = checkerOf(compileSubject(catalog, { roles: ['editor'], deniedPermissions: ['docs:write'] }));
    expect(checkAny(subject, ['docs:delete', 'docs:read'])).toEqual({
      allow: true,
      reason: 'granted by role editor via docs:read',
      permission: 'docs:read',
    });
    expect(checkAny(subject, ['docs:write', 'docs:delete'])).toEqual({
      allow: false,
      reason: 'denied: user deny list',
      permission: 'docs:write or docs:delete',
    });
    expect(checkAny(subject, ['docs:delete', 'docs:write'])).toEqual({
      allow: false,
      reason: 'denied: no grant',
      permission: 'docs:delete or docs:write',
    });
    expect(checkAny(subject, [])).toEqual({ allow: false, reason: 'denied: no grant', permission: '' });
  });

  it("a key never exceeds its owner: the owner's denial is the answer, then the scope's", () => {
    const owner = compileSubject(catalog, { roles: ['viewer'] });
    expect(checkScoped(owner, compileScope(['docs:write']), 'docs:write')).toBe(DENY.noGrant);
    expect(checkScoped(owner, compileScope(['docs:write']), 'docs:read')).toBe(DENY.outsideKeyScope);
    // Neither the owner nor the scope allows it: the owner's denial is the reason given.
    expect(checkScoped(owner, compileScope(['docs:read']), 'docs:delete')).toBe(DENY.noGrant);
    expect(checkScoped(owner, compileScope(['docs:*']), 'docs:read')).toEqual({
      allow: true,
      reason: 'granted by role viewer via docs:read',
    });
    expect(check(compileScope(['docs:read']), 'docs:read')).toEqual({
      allow: true,
      reason: 'granted by key scope via docs:read',
    });
    expect(compileScope(['docs:read']).roles).toEqual([]); // a scope inherits no role
  });

  it('gives every shared denial a reason of its own, so an audit trail tells them apart', () => {
    const reasons = Object.values(DENY).map((d) => d.reason);
    for (const reason of reasons) expect(reason).toMatch(/^denied: \S/);
    expect(new Set(reasons).size).toBe(reasons.length);
  });
});

describe('subjects', () => {
  it('ignores unknown roles, and the first role holding a permission names it', () => {
    const subject = compileSubject(catalog, { roles: ['ghost', 'peer', 'viewer'] });
    expect(subject.roles).toEqual(['peer', 'viewer']);
    expect(check(subject, 'docs:read')).toEqual({ allow: true, reason: 'granted by role peer via docs:read' });
  });

  it('a custom permission a role already grants keeps the role as the reason', () => {
    const subject = compileSubject(catalog, { roles: ['viewer'], customPermissions: ['docs:read', 'docs:share'] });
    expect(check(subject, 'docs:read')).toEqual({ allow: true, reason: 'granted by role viewer via docs:read' });
    expect(check(subject, 'docs:share')).toEqual({ allow: true, reason: 'granted by custom permission docs:share' });
  });

  it('a subject with no wildcard and no denial holds empty lists', () => {
    for (const subject of [compileSubject(catalog, { roles: ['viewer'] }), compileScope(['docs:read'])]) {
      expect(subject.wildcards).toEqual([]);
      expect(subject.denyPrefixes).toEqual([]);
      expect(subject.denies.size).toBe(0);
    }
    expect(compileSubject(catalog, { roles: ['viewer'], deniedPermissions: ['docs:read'] }).denyPrefixes).toEqual([]);
  });

  it('rebuilt from stored permissions: the catalog names the role, else the custom grant, else the permission', () => {
    const user = {
      effectiveRoles: ['ghost', 'editor'],
      effectivePermissions: ['docs:read', 'docs:write', 'x:y'],
      customPermissions: ['x:y'],
    };
    const subject = subjectFromStored(user, catalog);
    expect(check(subject, 'docs:write')).toEqual({ allow: true, reason: 'granted by role editor via docs:write' });
    expect(check(subject, 'docs:read')).toEqual({ allow: true, reason: 'granted by role editor via docs:read' });
    expect(check(subject, 'x:y')).toEqual({ allow: true, reason: 'granted by custom permission x:y' });
    expect(
      check(subjectFromStored({ effectiveRoles: ['editor'], effectivePermissions: ['docs:read'] }), 'docs:read'),
    ).toEqual({ allow: true, reason: 'granted via docs:read' });
    expect(subject.grants.has('docs:read')).toBe(true);
    expect(subject.grants.has('docs:delete')).toBe(false);
    expect(subject.grants.size).toBe(3);
    expect(subject.grants.get('docs:read')).toBe(subject.grants.get('docs:read')); // worded once
  });

  it('stored permissions: every grant minus exact denials, sorted; admin:* holders keep everything', () => {
    expect(
      effectivePermissionsOf(compileSubject(catalog, { roles: ['editor'], deniedPermissions: ['docs:write'] })),
    ).toEqual(['docs:read']);
    expect(
      effectivePermissionsOf(compileSubject(catalog, { roles: ['root', 'editor'], deniedPermissions: ['docs:write'] })),
    ).toEqual(['admin:*', 'docs:read', 'docs:write']);
  });
});

describe('roles', () => {
  it('compiles description, inherits and a rank one above the highest parent', () => {
    const editor = catalog.roles.get('editor')!;
    expect(editor).toMatchObject({ name: 'editor', description: 'writes docs', rank: 2, inherits: ['viewer'] });
    expect(catalog.roles.get('viewer')).toMatchObject({ description: '', inherits: [] });
    expect(catalog.roles.get('ops')!.rank).toBe(1);
    expect(permissionsOfRole(catalog, 'editor')).toEqual(['docs:read', 'docs:write']);
  });

  it.each([
    [
      [{ name: 'Admin', permissions: [] }],
      'invalid_input',
      'role name "Admin" must be 1-64 lowercase letters, digits, _ or -, starting with a letter',
    ],
    [
      [{ name: 'admin!', permissions: [] }],
      'invalid_input',
      'role name "admin!" must be 1-64 lowercase letters, digits, _ or -, starting with a letter',
    ],
    [
      [{ name: `a${'b'.repeat(64)}`, permissions: [] }],
      'invalid_input',
      `role name "a${'b'.repeat(64)}" must be 1-64 lowercase letters, digits, _ or -, starting with a letter`,
    ],
    [
      [
        { name: 'a', permissions: [] },
        { name: 'a', permissions: [] },
      ],
      'invalid_input',
      'role "a" is defined twice',
    ],
    [
      [{ name: 'a', permissions: ['nope'] }],
      'invalid_input',
      'role "a": "nope" is not resource:action[:qualifier] permissions',
    ],
  ])('refuses %j', (defs, code, message) => {
    expect(failure(() => compileRoles(defs))).toMatchObject({ code, message });
  });

  it('accepts a 64-character name', () => {
    expect(compileRoles([{ name: `a${'b'.repeat(63)}`, permissions: [] }]).roles.size).toBe(1);
  });

  it('names unknown parents and the cycle itself, starting where it starts', () => {
    expect(failure(() => compileRoles([{ name: 'a', permissions: [], inherits: ['x', 'y'] }]))).toEqual({
      code: 'role_not_found',
      message: 'role "a" inherits unknown role(s) x, y',
      details: { role: 'a', missing: ['x', 'y'] },
    });
    expect(
      failure(() =>
        compileRoles([
          { name: 'c', permissions: [], inherits: ['a'] },
          { name: 'a', permissions: [], inherits: ['b'] },
          { name: 'b', permissions: [], inherits: ['a'] },
        ]),
      ),
    ).toEqual({
      code: 'role_cycle',
      message: 'role inheritance cycle: a → b → a',
      details: { cycle: ['a', 'b', 'a'] },
    });
    expect(failure(() => permissionsOfRole(catalog, 'ghost'))).toEqual({
      code: 'role_not_found',
      message: 'role "ghost" does not exist',
    });
  });
});

describe('group → role mapping', () => {
  const groups = [
    { id: 'g-1', displayName: 'Writers', externalId: 'ext-w' },
    { id: 'g-2', displayName: 'Peers' },
  ];
  const map = (mapping: RoleMapping, of = groups) => mapGroupsToRoles(mapping, catalog, of);

  it("matches a rule's groupId against the IdP id or Roster's own group id", () => {
    expect(
      map({
        strategy: 'union',
        rules: [
          { groupId: 'ext-w', role: 'editor' },
          { groupId: 'g-2', role: 'peer' },
        ],
      }),
    ).toEqual(['editor', 'peer']);
    expect(map({ strategy: 'union', rules: [{ groupId: 'Writers', role: 'editor' }] })).toEqual([]);
  });

  it('highest keeps the earlier rule on equal rank; union lists each role once', () => {
    const tie = compileRoles([
      { name: 'one', permissions: [], rank: 5 },
      { name: 'two', permissions: [], rank: 5 },
    ]);
    expect(
      mapGroupsToRoles(
        {
          strategy: 'highest',
          rules: [
            { group: 'writers', role: 'one' },
            { group: 'peers', role: 'two' },
          ],
        },
        tie,
        groups,
      ),
    ).toEqual(['one']);
    expect(
      mapGroupsToRoles(
        {
          strategy: 'highest',
          rules: [
            { group: 'peers', role: 'two' },
            { group: 'writers', role: 'one' },
          ],
        },
        tie,
        groups,
      ),
    ).toEqual(['two']);
    expect(
      map({
        strategy: 'highest',
        rules: [
          { group: 'peers', role: 'viewer' },
          { group: 'writers', role: 'editor' },
        ],
      }),
    ).toEqual(['editor']);
    expect(
      map({
        strategy: 'union',
        rules: [
          { group: 'writers', role: 'viewer' },
          { group: 'peers', role: 'viewer' },
        ],
      }),
    ).toEqual(['viewer']);
  });

  it('drops roles the catalog does not have, then falls back to a default the catalog has', () => {
    expect(map({ strategy: 'union', rules: [{ group: 'writers', role: 'ghost' }], defaultRole: 'viewer' })).toEqual([
      'viewer',
    ]);
    expect(map({ strategy: 'union', rules: [], defaultRole: 'ghost' })).toEqual([]);
    expect(map({ strategy: 'first', rules: [], defaultRole: null })).toEqual([]);
    expect(
      map({
        strategy: 'first',
        rules: [
          { group: 'peers', role: 'peer' },
          { group: 'writers', role: 'editor' },
        ],
      }),
    ).toEqual(['peer']);
  });

  it('refuses an unknown strategy, a rule naming both or neither group form, and unknown roles', () => {
    expect(() =>
      assertMapping(
        { strategy: 'first', rules: [{ group: 'writers', role: 'editor' }], defaultRole: 'viewer' },
        catalog,
      ),
    ).not.toThrow();
    expect(failure(() => assertMapping({ strategy: 'best' as 'first', rules: [] }, catalog))).toEqual({
      code: 'invalid_input',
      message: 'strategy must be one of highest, union, first',
    });
    expect(
      failure(() =>
        assertMapping(
          {
            strategy: 'union',
            rules: [
              { group: 'a', role: 'viewer' },
              { group: 'a', groupId: 'b', role: 'viewer' },
            ],
          },
          catalog,
        ),
      ),
    ).toEqual({ code: 'invalid_input', message: 'mapping rule 1 must name exactly one of group or groupId' });
    expect(failure(() => assertMapping({ strategy: 'union', rules: [{ role: 'viewer' }] }, catalog))).toEqual({
      code: 'invalid_input',
      message: 'mapping rule 0 must name exactly one of group or groupId',
    });
    expect(
      failure(() =>
        assertMapping(
          {
            strategy: 'union',
            rules: [
              { group: 'a', role: 'x' },
              { group: 'b', role: 'x' },
            ],
            defaultRole: 'y',
          },
          catalog,
        ),
      ),
    ).toEqual({
      code: 'role_not_found',
      message: 'mapping names unknown role(s) x, y',
      details: { missing: ['x', 'y'] },
    });
  });

  it('compilePolicy checks the mapping against the roles it compiles', () => {
    const policy = compilePolicy({
      roles: [{ name: 'viewer', permissions: ['docs:read'] }],
      mapping: { strategy: 'union', rules: [{ group: 'all', role: 'viewer' }] },
      acl: { adminGroups: ['Admins'], kinds: [], entries: [{ kind: 'tool', resourceId: 't', groups: [] }] },
    });
    expect([...policy.catalog.roles.keys()]).toEqual(['viewer']);
    expect(policy.mapping.rules).toEqual([{ group: 'all', role: 'viewer' }]);
    expect(policy.acls.adminGroups).toEqual(['admins']);
    expect(accessibleIds(policy.acls, memberOf([]), 'tool')).toEqual(['t']);
    expect(
      failure(() =>
        compilePolicy({
          roles: [],
          mapping: { strategy: 'union', rules: [{ group: 'all', role: 'viewer' }] },
          acl: { adminGroups: [], kinds: [], entries: [] },
        }),
      ).code,
    ).toBe('role_not_found');
  });
});

describe('ACLs and ownership', () => {
  it('refuses kinds not lowercase names of 1-64 characters, naming them; an undeclared one, naming the known', () => {
    for (const bad of ['Dataset', 'data set', 'dataset!', '9lives', `d${'x'.repeat(64)}`]) {
      expect(failure(() => compileAcls([], { adminGroups: [], kinds: ['ok', bad] }))).toEqual({
        code: 'invalid_input',
        message: `resource kinds ${bad} must be lowercase letters, digits, _ or -`,
      });
    }
    expect(failure(() => compileAcls([], { adminGroups: [], kinds: ['A', 'B'] })).message).toBe(
      'resource kinds A, B must be lowercase letters, digits, _ or -',
    );
    const index = compileAcls([], { adminGroups: [], kinds: [`d${'x'.repeat(63)}`, 'data_set-2'] });
    expect(failure(() => assertKind(index, 'dataset'))).toEqual({
      code: 'invalid_input',
      message: `resource kind "dataset" is not declared (known: agent, tool, workflow, d${'x'.repeat(63)}, data_set-2)`,
    });
    expect(accessibleIds(index, memberOf([]), 'dataset')).toEqual([]);
  });

  it('a qualified permission is checked as the owner or a participant only, never as ":all"', () => {
    const reader = checkerOf(
      compileSubject(compileRoles([{ name: 'r', permissions: ['transcript:read:*'] }]), { roles: ['r'] }),
    );
    const stranger = { id: 'u9' };
    expect(checkOwned(reader, stranger, 'transcript:read:own', { ownerId: 'u1' })).toBe(DENY.notOwnerOrParticipant);
    expect(checkOwned(reader, stranger, 'transcript:read:own', {})).toBe(DENY.notOwnerOrParticipant);
    expect(checkOwned(reader, { id: 'u1' }, 'transcript:read:own', { ownerId: 'u1' })).toEqual({
      allow: true,
      reason: 'granted by role r via transcript:read:* as owner',
    });
    expect(checkOwned(reader, { id: 'u2' }, 'transcript:read:own', { participants: ['u1', 'u2'] })).toEqual({
      allow: true,
      reason: 'granted by role r via transcript:read:* as participant',
    });
  });

  it('lists the usable models sorted, whatever the order of the allow-list', () => {
    const subject = checkerOf(
      compileSubject(compileRoles([{ name: 'm', permissions: ['models:use:small'] }]), { roles: ['m'] }),
    );
    const tiers = { zeta: 'small', alpha: 'small', big: 'large' };
    expect(usableModels(subject, { tiers, tenantAllowedModels: ['zeta', 'big', 'alpha'] })).toEqual(['alpha', 'zeta']);
  });
});
