import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 001 (a meeting-notes SaaS's enterprise RBAC) over real HTTP: owner > admin > manager >
// member > viewer, wildcards, per-user grants and denials (deny wins except admin:*), and
// resource-level checks (owner, participant, read-all).

describe('design 001: hierarchy, wildcards, deny-beats-grant and resource checks', () => {
  let f: AuthzFixture;
  const id: Record<string, string> = {};
  const ask = async (subject: string, permission: string, resource?: object) =>
    (await f.call('POST', '/v1/authorize', { subject: id[subject], permission, ...(resource ? { resource } : {}) }))
      .body;

  beforeAll(async () => {
    f = await authzFixture({ preset: 'org-hierarchy' });
    await f.call('PUT', '/v1/roles/chatter', { description: 'custom role', permissions: ['chat:*'] });
    const mapping = (await f.call('GET', '/v1/role-mapping')).body;
    const rules = [
      ...mapping.rules,
      { group: 'TwinMind-Owners', role: 'owner' },
      { group: 'Chat-Users', role: 'chatter' },
    ];
    expect((await f.call('PUT', '/v1/role-mapping', { ...mapping, rules })).status).toBe(200);
    id.owner = (await f.user('olivia', ['TwinMind-Owners']))._id;
    id.admin = (await f.user('adam', ['TwinMind-Admins']))._id;
    id.manager = (await f.user('mona', ['TwinMind-Managers']))._id;
    id.member = (await f.user('max', [], ['max@acme.test']))._id; // no group: the default role
    id.viewer = (await f.user('vera', ['TwinMind-Viewers']))._id;
    id.chatter = (await f.user('chad', ['Chat-Users']))._id;
    id.deniedManager = (await f.user('dora', ['TwinMind-Managers']))._id;
    id.deniedOwner = (await f.user('otto', ['TwinMind-Owners']))._id;
    id.customViewer = (await f.user('cleo', ['TwinMind-Viewers']))._id;
    await f.call('PUT', `/v1/users/${id.deniedManager}/permissions`, {
      deniedPermissions: ['team:invite', 'transcript:*'],
    });
    await f.call('PUT', `/v1/users/${id.deniedOwner}/permissions`, { deniedPermissions: ['billing:manage'] });
    await f.call('PUT', `/v1/users/${id.customViewer}/permissions`, { customPermissions: ['billing:view'] });
  });
  afterAll(() => f.close());

  it.each([
    ['inheritance: viewer reads', 'viewer', 'transcript:read', true, 'granted by role viewer via transcript:read'],
    ['inheritance: viewer cannot create', 'viewer', 'transcript:create', false, 'denied: no grant'],
    [
      'inheritance: member gets summary:read from viewer',
      'member',
      'summary:read',
      true,
      'granted by role member via summary:read',
    ],
    [
      'inheritance: manager gets action_item:create from member',
      'manager',
      'action_item:create',
      true,
      'granted by role manager via action_item:create (inherited from member)',
    ],
    [
      'inheritance: admin invites through manager',
      'admin',
      'team:invite',
      true,
      'granted by role admin via team:invite (inherited from manager)',
    ],
    ['inheritance: admin cannot manage billing', 'admin', 'billing:manage', false, 'denied: no grant'],
    ['admin:* grants everything to the owner', 'owner', 'anything:goes', true, 'granted by role owner via admin:*'],
    ['wildcard: chat:* grants chat:stream', 'chatter', 'chat:stream', true, 'granted by role chatter via chat:*'],
    ['wildcard: chat:* stays in chat', 'chatter', 'transcript:read', false, 'denied: no grant'],
    ['deny beats grant (exact)', 'deniedManager', 'team:invite', false, 'denied: user deny list'],
    ['deny beats grant (wildcard deny)', 'deniedManager', 'transcript:read:all', false, 'denied: user deny list'],
    ['a denial leaves other grants alone', 'deniedManager', 'team:view', true, 'granted by role manager via team:view'],
    ['admin:* beats the deny list', 'deniedOwner', 'billing:manage', true, 'granted by role owner via admin:*'],
    ['custom permissions add', 'customViewer', 'billing:view', true, 'granted by custom permission billing:view'],
  ])('%s', async (_what, who, permission, allow, reason) => {
    expect(await ask(who, permission)).toEqual({ allow, reason });
  });

  const theirs = { kind: 'transcript', id: 't-1', ownerId: 'someone-else', participants: ['MAX@acme.test'] };
  const stranger = { kind: 'transcript', id: 't-2', ownerId: 'someone-else', participants: [] };
  it.each([
    [
      'manager reads any transcript (read:all)',
      'manager',
      stranger,
      true,
      'granted by role manager via transcript:read:all',
    ],
    [
      'member reads one they took part in',
      'member',
      theirs,
      true,
      'granted by role member via transcript:read as participant',
    ],
    ["member cannot read a stranger's", 'member', stranger, false, 'denied: neither owner nor participant'],
    [
      'viewer reads their own',
      'viewer',
      { kind: 'transcript', id: 't-3', ownerId: '$viewer' },
      true,
      'granted by role viewer via transcript:read as owner',
    ],
  ])('resource check: %s', async (_what, who, resource, allow, reason) => {
    const r = { ...resource, ...(resource.ownerId === '$viewer' ? { ownerId: id.viewer } : {}) };
    expect(await ask(who, 'transcript:read', r)).toEqual({ allow, reason });
  });

  it('stores effective permissions on the user, computed once per change', async () => {
    const stored = await f.stored(id.admin);
    expect(stored.effectiveRoles).toEqual(['admin']);
    expect(stored.effectivePermissions).toEqual(
      expect.arrayContaining(['team:invite', 'transcript:read', 'audit:view']),
    );
    expect((await f.stored(id.deniedManager)).effectivePermissions).not.toContain('team:invite');
  });

  it('refuses an inheritance cycle at definition time, naming it', async () => {
    const reply = await f.call('PUT', '/v1/roles/viewer', { permissions: ['transcript:read'], inherits: ['owner'] });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('role_cycle');
    const cycle: string[] = reply.body.cycle;
    expect(cycle[0]).toBe(cycle.at(-1));
    expect(new Set(cycle)).toEqual(new Set(['viewer', 'owner', 'admin', 'manager', 'member']));
    expect(reply.body.detail).toBe(`role inheritance cycle: ${cycle.join(' → ')}`);
  });

  it('refuses to delete a role others inherit from', async () => {
    const reply = await f.call('DELETE', '/v1/roles/member');
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('role_in_use');
  });

  it('lists roles with their inherited permissions', async () => {
    const reply = await f.call('GET', '/v1/roles');
    expect(reply.body.preset).toBe('org-hierarchy');
    const owner = reply.body.roles.find((r: { name: string }) => r.name === 'owner');
    expect(owner.effectivePermissions).toEqual(expect.arrayContaining(['admin:*', 'team:invite', 'transcript:read']));
  });
});
