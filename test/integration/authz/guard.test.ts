import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { UNAUTHENTICATED_TENANT } from '../../../src/authz/index.js';
import { createCredential, revokeCredential } from '../../../src/credentials/index.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 000 Step 3 / design 001 Step 2: requirePermission answers 401 and 403 (problem+json naming
// the missing permission) and audits every denial; the admin API is guarded by these permissions.

const ACTOR = { type: 'system' as const, id: 'test' };

describe('requirePermission on the admin API', () => {
  let f: AuthzFixture;
  let narrowKey: string;
  let revokedKey: string;

  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform' });
    const dir = f.server.directory;
    // An admin key limited to reading roles.
    narrowKey = (
      await createCredential(dir, {
        tenantId: f.tenantId,
        kind: 'admin',
        name: 'reader',
        actor: ACTOR,
        extra: { permissions: ['roles:read'] },
      })
    ).secret;
    const revoked = await createCredential(dir, { tenantId: f.tenantId, kind: 'admin', name: 'old', actor: ACTOR });
    await revokeCredential(dir, { tenantId: f.tenantId, kind: 'admin', id: revoked.credential._id, actor: ACTOR });
    revokedKey = revoked.secret;
  });
  afterAll(() => f.close());

  const audits = (tenantId: string, action: string) =>
    f.server.store.collection<AuditEventDoc>('auditEvents').find({ tenantId, action }, { sort: { time: 1 } });

  it.each([
    ['no key', undefined, 'unauthenticated'],
    ['an unknown key', 'rst_key_not-a-real-key', 'secret_invalid'],
    ['a revoked key', '$revoked', 'secret_revoked'],
  ])('answers 401 problem+json to %s, and audits it', async (_what, key, code) => {
    // Rejections are counted into one record per address × minute (README "Limits").
    const counted = (rows: AuditEventDoc[]) => rows.reduce((n, r) => n + (r.count ?? 1), 0);
    const before = counted(await audits(UNAUTHENTICATED_TENANT, 'api_key.rejected'));
    const reply = await f.call('GET', '/v1/roles', undefined, key === '$revoked' ? revokedKey : (key ?? ''));
    expect(reply.status).toBe(401);
    expect(reply.type).toMatch(/^application\/problem\+json/);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(reply.body).toMatchObject({ status: 401, code });
    const after = await audits(UNAUTHENTICATED_TENANT, 'api_key.rejected');
    expect(counted(after)).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ outcome: 'denied', details: { method: 'GET', path: '/v1/roles' } });
  });

  it.each([
    ['PUT', '/v1/roles/auditor', { permissions: ['audit:view'] }, 'roles:manage'],
    ['PUT', '/v1/role-mapping', { strategy: 'union', rules: [] }, 'mappings:manage'],
    ['PUT', '/v1/acls/agent/a', { groups: [] }, 'acls:manage'],
    ['GET', '/v1/keys', undefined, 'keys:manage'],
    ['PUT', '/v1/quotas', { requestsPerDay: 1 }, 'quotas:manage'],
    ['POST', '/v1/authorize', { subject: 'x', permission: 'chat:complete' }, 'authz:check'],
  ])('answers 403 naming the missing permission: %s %s', async (method, path, body, permission) => {
    const reply = await f.call(method, path, body, narrowKey);
    expect(reply.status).toBe(403);
    expect(reply.type).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({
      code: 'permission_denied',
      permission,
      detail: `missing permission ${permission}`,
      reason: 'denied: no grant',
    });
    const denial = (await audits(f.tenantId, 'access.denied')).at(-1)!;
    expect(denial).toMatchObject({
      outcome: 'denied',
      target: { type: 'permission', id: permission },
      reason: 'denied: no grant',
      actor: { type: 'api_key' },
    });
    expect(denial.requestId).toBe(reply.headers.get('x-request-id') ?? undefined);
  });

  it('lets a key through for the permission it holds', async () => {
    expect((await f.call('GET', '/v1/roles', undefined, narrowKey)).status).toBe(200);
  });

  it('records access decisions when the application asks for it (design 001 access audit log)', async () => {
    const user = await f.user('audited', ['viewers']);
    await f.call('POST', '/v1/authorize', { subject: user._id, permission: 'audit:view', audit: true });
    await f.call('POST', '/v1/authorize', { subject: user._id, permission: 'chat:complete', audit: true });
    expect((await audits(f.tenantId, 'access.granted')).at(-1)).toMatchObject({
      outcome: 'success',
      reason: 'granted by role viewer via audit:view',
    });
    expect((await audits(f.tenantId, 'access.denied')).at(-1)).toMatchObject({
      outcome: 'denied',
      reason: 'denied: no grant',
      details: { subject: user._id, permission: 'chat:complete' },
    });
  });

  it('serves an OpenAPI 3.1 document describing every route', async () => {
    const reply = await f.call('GET', '/v1/openapi.json', undefined, '');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/authorize',
        '/v1/authorize/batch',
        '/v1/users/{id}/capabilities',
        '/v1/roles/{name}',
        '/v1/keys',
        '/v1/usage',
      ]),
    );
    expect(
      reply.body.paths['/v1/authorize'].post.requestBody.content['application/json'].schema.properties.permission
        .pattern,
    ).toBeDefined();
  });
});
