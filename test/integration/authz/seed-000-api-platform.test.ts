import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../../src/tenants/index.js';
import { createUser } from '../../../src/people/index.js';
import { SEED_000_MATRIX, SEED_000_PERMISSIONS } from '../../fixtures/designs/seed-000-matrix.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 000 (an AI API vendor's enterprise RBAC) over real HTTP: five roles × nine permissions,
// each role reached through an IdP group; model access = plan allow-list AND role tier.

const PERMISSIONS = SEED_000_PERMISSIONS;
const HOLDS = SEED_000_MATRIX;
const GROUP_OF: Record<string, string> = {
  admin: 'admins',
  developer: 'developers',
  analyst: 'analysts',
  service: 'services',
  viewer: 'viewers',
};

describe('design 000: roles and model access through POST /v1/authorize', () => {
  let f: AuthzFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform', plan: 'pro' });
    for (const role of Object.keys(HOLDS)) ids[role] = (await f.user(`${role}@acme.test`, [GROUP_OF[role]]))._id;
  });
  afterAll(() => f.close());

  const matrix = Object.entries(HOLDS).flatMap(([role, held]) =>
    PERMISSIONS.map((p) => [role, p, held.includes(p)] as const),
  );
  it.each(matrix)('%s → %s: %s', async (role, permission, allow) => {
    const reply = await f.call('POST', '/v1/authorize', { tenant: f.tenantId, subject: ids[role], permission });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      allow,
      reason: allow ? `granted by role ${role} via ${permission}` : 'denied: no grant',
    });
  });

  it.each([
    [
      'developer',
      'mistral-large-latest',
      true,
      'granted by role developer via models:use:large; tenant allows mistral-large-latest',
    ],
    ['analyst', 'mistral-large-latest', false, 'denied: no grant'],
    [
      'analyst',
      'mistral-small-latest',
      true,
      'granted by role analyst via models:use:small; tenant allows mistral-small-latest',
    ],
    ['admin', 'mistral-embed', false, 'denied: model not in tenant allow-list'], // pro plan lacks mistral-embed
    // tier by name (design 000), the plan decides
    ['admin', 'no-such-model', false, 'denied: model not in tenant allow-list'],
  ])('model access: %s using %s: %s', async (role, model, allow, reason) => {
    const reply = await f.call('POST', '/v1/authorize', { subject: ids[role], resource: { kind: 'model', id: model } });
    expect(reply.body).toEqual({ allow, reason });
  });

  it('names a subject by userName as well as by id', async () => {
    const reply = await f.call('POST', '/v1/authorize', { subject: 'DEVELOPER@acme.test', permission: 'chat:stream' });
    expect(reply.body.allow).toBe(true);
  });

  it('denies an unknown subject instead of failing', async () => {
    const reply = await f.call('POST', '/v1/authorize', { subject: 'nobody', permission: 'chat:stream' });
    expect(reply.body).toEqual({ allow: false, reason: 'denied: unknown subject' });
  });

  it('never sees a user of another tenant', async () => {
    const actor = { type: 'system' as const, id: 'test' };
    await createTenant(f.server.directory, { id: 'globex', plan: 'pro', actor });
    const stranger = await createUser(
      f.server.directory,
      'globex',
      { userName: 'admin@globex.test', active: true },
      { actor, source: 'scim' },
    );
    const reply = await f.call('POST', '/v1/authorize', { subject: stranger._id, permission: 'models:list' });
    expect(reply.body).toEqual({ allow: false, reason: 'denied: unknown subject' });
    expect((await f.call('GET', `/v1/users/${stranger._id}/capabilities`)).status).toBe(404);
  });

  it('answers a batch in order, one result per check', async () => {
    const reply = await f.call('POST', '/v1/authorize/batch', {
      subject: ids.analyst,
      checks: [
        { permission: 'chat:complete' },
        { permission: 'chat:stream' },
        { subject: ids.developer, permission: 'chat:stream' },
        { resource: { kind: 'model', id: 'mistral-large-latest' } },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((r: { allow: boolean }) => r.allow)).toEqual([true, false, true, false]);
  });

  it('rejects a malformed permission with problem+json', async () => {
    const reply = await f.call('POST', '/v1/authorize', { subject: ids.admin, permission: 'everything' });
    expect(reply.status).toBe(400);
    expect(reply.type).toMatch(/application\/problem\+json/);
    expect(reply.body.code).toBe('invalid_input');
  });

  it('refuses a key used for another tenant', async () => {
    const reply = await f.call('POST', '/v1/authorize', {
      tenant: 'other',
      subject: ids.admin,
      permission: 'chat:complete',
    });
    expect(reply.status).toBe(403);
  });
});
