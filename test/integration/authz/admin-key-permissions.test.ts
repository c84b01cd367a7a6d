import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { freePort, runCli, type ServeProcess, startServe } from '../../helpers/cli.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Admin keys with a permission list (`roster key create acme --permissions …`): the same guard
// checks them as every key (src/authz/guard.ts), and a narrowed key cannot hand out more.

describe('roster key create --permissions, against roster serve', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let served: ServeProcess;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-keyperm-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '', ROSTER_REDIS_PREFIX: `roster-keyperm:${process.pid}:` };
    served = await startServe(env, await freePort());
    await runCli(['tenant', 'create', 'acme', '--plan', 'pro'], env);
  }, 180_000);
  afterAll(async () => {
    await served.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = (method: string, route: string, key: string, body?: unknown) =>
    fetch(`${served.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('a key limited to audit:view,usage:view reads quotas, refused all else naming the permission', async () => {
    const created = await runCli(['key', 'create', 'acme', '--permissions', 'audit:view,usage:view'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^rst_key_/);
    expect((await call('GET', '/v1/quotas', key)).status).toBe(200);
    for (const [method, route, permission] of [
      ['GET', '/v1/roles', 'roles:read'],
      ['GET', '/v1/keys', 'keys:manage'],
      ['PUT', '/v1/quotas', 'quotas:manage'],
    ] as const) {
      const reply = await call(method, route, key, method === 'PUT' ? { requestsPerDay: 1 } : undefined);
      expect(reply.status).toBe(403);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await reply.json()).toMatchObject({ code: 'permission_denied', permission });
    }
    expect((await runCli(['key', 'list', 'acme'], env)).stdout).toContain('\taudit:view,usage:view\t');
  }, 120_000);

  it('refuses an unknown permission with a clear error and creates no key', async () => {
    const created = await runCli(['key', 'create', 'acme', '--permissions', 'usage:view,rolls:manage,bogus'], env);
    expect(created.code).not.toBe(0);
    expect(created.stderr).toMatch(/unknown permissions rolls:manage, bogus; an admin key may hold admin:\*/);
    expect(created.stdout).toBe('');
  }, 120_000);

  it('a key without --permissions holds every permission (admin:*)', async () => {
    const key = (await runCli(['key', 'create', 'acme'], env)).stdout.trim();
    expect((await call('GET', '/v1/roles', key)).status).toBe(200);
    expect((await runCli(['key', 'list', 'acme'], env)).stdout).toContain('\tadmin:*\t');
  }, 120_000);
});

describe('a narrowed admin key cannot grant more than it holds', () => {
  let f: AuthzFixture;
  let keyManager: string;
  let userId: string;
  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform' });
    userId = (await f.user('owner@acme.example'))._id;
    keyManager = (
      await createCredential(f.server.directory, {
        tenantId: f.tenantId,
        kind: 'admin',
        actor: { type: 'system', id: 'test' },
        extra: { permissions: ['keys:manage', 'users:manage'] },
      })
    ).secret;
    // The owner may do anything, so only the key's own list can stop the grants below.
    await f.call('PUT', `/v1/users/${userId}/permissions`, { customPermissions: ['admin:*'] });
  });
  afterAll(() => f.close());

  it('refuses a scoped key that would carry a Roster permission the admin key lacks', async () => {
    const reply = await f.call('POST', '/v1/keys', { userId, permissions: ['roles:manage'] }, keyManager);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'permission_denied', permission: 'roles:manage' });
    const wildcard = await f.call('POST', '/v1/keys', { userId, permissions: ['admin:*'] }, keyManager);
    expect(wildcard.status).toBe(403);
  });

  it('still issues scoped keys for application permissions and ones it holds', async () => {
    const reply = await f.call('POST', '/v1/keys', { userId, permissions: ['models:list', 'keys:manage'] }, keyManager);
    expect(reply.status).toBe(201);
  });

  it('refuses custom permissions beyond its list', async () => {
    const reply = await f.call('PUT', `/v1/users/${userId}/permissions`, { customPermissions: ['acls:*'] }, keyManager);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ permission: 'acls:read' });
  });
});
