import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 000 updateUserRole over real HTTP: an administrator grants a role directly, beside the
// IdP's group-derived roles; effective roles say where each came from; the IdP's changes never
// erase an assignment; every roles change writes a user.roles_changed audit record (before, after).

describe('design 000: direct role assignment next to group-derived roles', () => {
  let f: AuthzFixture;
  let ann: string;

  let next = 0;
  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform' });
  });
  // Each test its own analyst: no test depends on what another did before it.
  beforeEach(async () => {
    ann = (await f.user(`ann-${next++}`, ['analysts']))._id;
  });
  afterAll(() => f.close());
  const assignAdmin = () => f.call('POST', `/v1/users/${ann}/roles`, { role: 'admin' });

  const roles = async () => (await f.call('GET', `/v1/users/${ann}/roles`)).body;
  const rolesChanged = () =>
    f.server.store
      .collection<AuditEventDoc>('auditEvents')
      .find({ tenantId: f.tenantId, action: 'user.roles_changed', 'target.id': ann }, { sort: { time: 1 } });

  it('shows the IdP role with its source', async () => {
    expect(await roles()).toMatchObject({
      effectiveRoles: ['analyst'],
      assignedRoles: [],
      sources: [{ role: 'analyst', source: 'idp' }],
    });
  });

  it('grants a role directly: effective at once, source assigned, audited with before and after', async () => {
    const reply = await f.call('POST', `/v1/users/${ann}/roles`, { role: 'admin' });
    expect(reply.status).toBe(200);
    expect(reply.body.effectiveRoles).toEqual(['analyst', 'admin']);
    expect(reply.body.sources).toEqual([
      { role: 'analyst', source: 'idp' },
      { role: 'admin', source: 'assigned' },
    ]);
    expect((await f.call('POST', '/v1/authorize', { subject: ann, permission: 'keys:manage' })).body.allow).toBe(true);
    const assigned = await f.server.store
      .collection<AuditEventDoc>('auditEvents')
      .findOne({ tenantId: f.tenantId, action: 'user.role_assigned', 'target.id': ann });
    expect(assigned).toMatchObject({ actor: { type: 'api_key' }, details: { role: 'admin' } });
    expect((await rolesChanged()).at(-1)).toMatchObject({
      actor: { type: 'api_key' },
      details: {
        before: { roles: ['analyst'] },
        after: { roles: ['analyst', 'admin'] },
        added: ['admin'],
        removed: [],
      },
    });
  });

  it('keeps the assignment through IdP changes (group removed, SCIM update)', async () => {
    await assignAdmin();
    await f.setMembers('analysts', 'remove', [ann]);
    expect(await roles()).toMatchObject({ effectiveRoles: ['admin'], assignedRoles: ['admin'] });
    await f.setMembers('developers', 'add', [ann]);
    expect((await roles()).effectiveRoles).toEqual(['developer', 'admin']);
    // An IdP-driven change is audited too, attributed to the engine.
    expect((await rolesChanged()).at(-1)).toMatchObject({
      actor: { type: 'system', id: 'rbac' },
      details: { before: { roles: ['admin'] }, after: { roles: ['developer', 'admin'] } },
    });
  });

  it('withdraws the assignment; the IdP role stays', async () => {
    await assignAdmin();
    const reply = await f.call('DELETE', `/v1/users/${ann}/roles/admin`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ effectiveRoles: ['analyst'], assignedRoles: [] });
    expect((await f.call('DELETE', `/v1/users/${ann}/roles/admin`)).status).toBe(404);
  });

  it('refuses an unknown role or user with problem+json', async () => {
    const unknown = await f.call('POST', `/v1/users/${ann}/roles`, { role: 'overlord' });
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/problem\+json/);
    expect(unknown.body.code).toBe('role_not_found');
    expect((await f.call('POST', '/v1/users/nobody/roles', { role: 'admin' })).status).toBe(404);
    expect((await f.call('POST', `/v1/users/${ann}/roles`, { roles: ['admin'] })).status).toBe(400);
  });
});
