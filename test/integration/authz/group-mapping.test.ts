import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxDoc } from '../../../src/audit/index.js';
import { recomputeEffectiveRoles } from '../../../src/access/index.js';
import { updateGroup, updateUser, type UserDoc } from '../../../src/people/index.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// IdP group → role mapping per tenant (README, Authorization). Mapping and membership changes recompute
// effective roles and emit user.roles_changed through the outbox.

const ENTRA_DEVS = '9d0f0000-0000-4000-8000-0000000000d1';
const SCIM = { actor: { type: 'system' as const, id: 'test' }, source: 'scim' as const };

async function rolesChangedFor(f: AuthzFixture, userId: string): Promise<OutboxDoc[]> {
  return f.server.store
    .collection<OutboxDoc>('outbox')
    .find({ tenantId: f.tenantId, type: 'user.roles_changed', subject: userId }, { sort: { seq: 1 } });
}

describe('design 001: group → role mapping', () => {
  // Every test changes the tenant's mapping: each gets a tenant of its own.
  let f: AuthzFixture;
  beforeEach(async () => {
    f = await authzFixture({ preset: 'api-platform' });
  });
  afterEach(() => f.close());

  it("changing a group→role mapping changes a user's capabilities without touching the user", async () => {
    const user = await f.user('gabe', ['engineering']);
    const before = await f.call('GET', `/v1/users/${user._id}/capabilities`);
    expect(before.body.roles).toEqual([]); // no rule names "engineering" yet: deny by default
    expect(before.body.models).toEqual([]);

    const mapping = (await f.call('GET', '/v1/role-mapping')).body;
    await f.call('PUT', '/v1/role-mapping', {
      ...mapping,
      rules: [...mapping.rules, { group: 'Engineering', role: 'developer' }],
    });

    const after = await f.call('GET', `/v1/users/${user._id}/capabilities`);
    expect(after.body.roles).toEqual(['developer']);
    expect(after.body.permissions).toContain('models:use:large');
    expect(after.body.models).toEqual(['mistral-large-latest', 'mistral-small-latest']);
    const stored = await f.stored(user._id);
    expect(stored.version).toBe(user.version); // the user's own attributes were not touched
    expect((await rolesChangedFor(f, user._id)).at(-1)!.payload).toMatchObject({
      roles: ['developer'],
      added: ['developer'],
      removed: [],
    });
  });

  it('matches an Entra group by object id even after it is renamed', async () => {
    await f.group('Devs (old name)', ENTRA_DEVS);
    const user = await f.user('erin', ['Devs (old name)']);
    const mapping = (await f.call('GET', '/v1/role-mapping')).body;
    await f.call('PUT', '/v1/role-mapping', {
      ...mapping,
      rules: [{ groupId: ENTRA_DEVS, role: 'analyst' }, ...mapping.rules],
    });
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['analyst']);
  });

  it.each([
    ['highest', ['developer']],
    ['union', ['analyst', 'developer']], // in rule order
    ['first', ['analyst']],
  ])('strategy %s picks %j for a member of two mapped groups', async (strategy, roles) => {
    const user = await f.user(`two-${strategy}`, ['analysts', 'developers']);
    const mapping = (await f.call('GET', '/v1/role-mapping')).body;
    const rules = [
      { group: 'analysts', role: 'analyst' },
      { group: 'developers', role: 'developer' },
    ];
    await f.call('PUT', '/v1/role-mapping', { ...mapping, strategy, rules });
    expect((await f.stored(user._id)).effectiveRoles).toEqual(roles);
  });

  it('a member added to a group gets the role of a rule naming it by externalId or id, none from others', async () => {
    const entra = await f.group('Devs', ENTRA_DEVS);
    const ops = await f.group('Ops');
    await f.call('PUT', '/v1/role-mapping', {
      strategy: 'union',
      defaultRole: null,
      rules: [
        { groupId: ENTRA_DEVS, role: 'analyst' },
        { groupId: ops._id, role: 'developer' },
      ],
    });
    const user = await f.user('nina');
    await f.setMembers(entra.displayName, 'add', [user._id]);
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['analyst']);
    await f.setMembers('Ops', 'add', [user._id]);
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['analyst', 'developer']);
    const events = (await rolesChangedFor(f, user._id)).length;
    await f.setMembers('Unmapped', 'add', [user._id]);
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['analyst', 'developer']);
    expect(await rolesChangedFor(f, user._id)).toHaveLength(events);
    await f.setMembers('Ops', 'remove', [user._id]);
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['analyst']);
  });

  it("renaming a group onto a mapped name, or off it, changes its members' roles", async () => {
    await f.call('PUT', '/v1/role-mapping', {
      strategy: 'highest',
      defaultRole: null,
      rules: [{ group: 'Analysts', role: 'analyst' }],
    });
    const user = await f.user('rhea', ['Interns']);
    expect((await f.stored(user._id)).effectiveRoles).toEqual([]);
    const group = await f.group('Interns');
    const rename = (displayName: string) =>
      updateGroup(
        f.server.directory,
        f.tenantId,
        group._id,
        { attributes: () => ({ displayName }), members: [] },
        SCIM,
      );
    await rename('Analysts');
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['analyst']);
    await rename('Former analysts');
    expect((await f.stored(user._id)).effectiveRoles).toEqual([]);
  });

  it('applies the default role when no rule matches, and none when there is none', async () => {
    const user = await f.user('dana');
    await f.call('PUT', '/v1/role-mapping', { strategy: 'highest', defaultRole: 'viewer', rules: [] });
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['viewer']);
    await f.call('PUT', '/v1/role-mapping', { strategy: 'highest', defaultRole: null, rules: [] });
    expect((await f.stored(user._id)).effectiveRoles).toEqual([]);
  });

  it('refuses a mapping naming an unknown role', async () => {
    const reply = await f.call('PUT', '/v1/role-mapping', {
      strategy: 'highest',
      rules: [{ group: 'x', role: 'emperor' }],
    });
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('role_not_found');
  });

  it('follows membership changes and strips a deactivated user of every role', async () => {
    await f.call('PUT', '/v1/role-mapping', {
      strategy: 'highest',
      defaultRole: null,
      rules: [{ group: 'admins', role: 'admin' }],
    });
    const user = await f.user('ivan');
    await f.setMembers('admins', 'add', [user._id]);
    expect((await f.stored(user._id)).effectiveRoles).toEqual(['admin']);
    await updateUser(f.server.directory, f.tenantId, user._id, (u) => ({ ...u, active: false }), SCIM);
    expect(await f.stored(user._id)).toMatchObject({ effectiveRoles: [], effectivePermissions: [] });
    const reply = await f.call('POST', '/v1/authorize', { subject: user._id, permission: 'chat:complete' });
    expect(reply.body).toEqual({ allow: false, reason: 'denied: user is not active' });
  });

  it('recomputes 1,000 users added to a group in one call, with one event each', async () => {
    await f.call('PUT', '/v1/role-mapping', {
      strategy: 'highest',
      defaultRole: null,
      rules: [{ group: 'bulk', role: 'service' }],
    });
    const users: UserDoc[] = Array.from({ length: 1000 }, (_, i) => ({
      _id: `bulk-${i}`,
      tenantId: f.tenantId,
      userName: `bulk-${i}`,
      userNameLower: `bulk-${i}`,
      active: true,
      effectiveRoles: [],
      effectivePermissions: [],
      customPermissions: [],
      deniedPermissions: [],
      source: 'scim',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      version: 1,
    }));
    await f.server.store.collection<UserDoc>('users').insertMany(users);
    // How long this takes is measured by bench/group-mapping.ts, not asserted here.
    await f.setMembers(
      'bulk',
      'add',
      users.map((u) => u._id),
    );
    expect((await f.stored('bulk-999')).effectiveRoles).toEqual(['service']);
    const events = await f.server.store
      .collection('outbox')
      .countDocuments({ tenantId: f.tenantId, type: 'user.roles_changed', subject: { $regex: '^bulk-' } });
    expect(events).toBe(1000);
  });

  it('writes nothing and emits nothing when a recomputation changes nothing', async () => {
    const user = await f.user('steady');
    const count = (await rolesChangedFor(f, user._id)).length;
    await f.server.store.withTransaction((tx) =>
      recomputeEffectiveRoles(tx, f.server.recorder, f.tenantId, [user._id, user._id]),
    );
    expect((await rolesChangedFor(f, user._id)).length).toBe(count);
  });
});
