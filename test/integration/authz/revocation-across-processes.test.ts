import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential, revokeCredential } from '../../../src/credentials/index.js';
import { startSecondInstance } from '../../helpers/second-instance.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Verified keys are kept in each API process (src/credentials/credential-cache.ts); what one
// process (or the CLI) revokes, every other process refuses on its very next request.

const ACTOR = { type: 'cli' as const, id: 'test' };

describe('API key revocation across API processes', () => {
  let f: AuthzFixture;
  let second: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform', plan: 'pro' });
    second = await startSecondInstance(f.server);
  });
  afterAll(async () => {
    await second.close();
    await f.close();
  });

  const authorize = (url: string, key: string) =>
    fetch(`${url}/v1/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ permission: 'chat:complete' }),
    });

  it('refuses a revoked admin key on the next request in both processes', async () => {
    const { credential, secret } = await createCredential(f.server.directory, {
      tenantId: f.tenantId,
      kind: 'admin',
      actor: ACTOR,
    });
    const user = await f.user('ada', ['developers']);
    const check = (url: string) =>
      fetch(`${url}/v1/authorize`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: user._id, permission: 'chat:complete' }),
      });
    expect((await check(f.server.url)).status).toBe(200);
    expect((await check(second.url)).status).toBe(200);
    await revokeCredential(f.server.directory, {
      tenantId: f.tenantId,
      kind: 'admin',
      id: credential._id,
      actor: ACTOR,
    });
    expect((await check(f.server.url)).status).toBe(401);
    expect((await check(second.url)).status).toBe(401);
  });

  it('denies on the next check in the other process once the user leaves the granting group', async () => {
    const user = await f.user('remy', ['developers']);
    const check = async () =>
      (
        await fetch(`${second.url}/v1/authorize`, {
          method: 'POST',
          headers: { authorization: `Bearer ${f.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ subject: user._id, permission: 'chat:complete' }),
        })
      ).json() as Promise<{ allow: boolean }>;
    expect((await check()).allow).toBe(true);
    expect((await check()).allow).toBe(true);
    await f.setMembers('developers', 'remove', [user._id]);
    expect((await check()).allow).toBe(false);
  });

  it('follows a role mapping change made in one process on the next check in the other', async () => {
    const user = await f.user('mara', ['developers']);
    const ask = async (permission: string) =>
      (
        await fetch(`${second.url}/v1/authorize`, {
          method: 'POST',
          headers: { authorization: `Bearer ${f.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ subject: user._id, permission }),
        })
      ).json() as Promise<{ allow: boolean }>;
    expect((await ask('chat:complete')).allow).toBe(true);
    expect((await ask('keys:manage')).allow).toBe(false); // an audited denial: an audit-only commit
    const mapping = (await f.call('GET', '/v1/role-mapping')).body;
    const rules = mapping.rules.filter((r: { group?: string }) => r.group?.toLowerCase() !== 'developers');
    expect((await f.call('PUT', '/v1/role-mapping', { ...mapping, rules })).status).toBe(200);
    expect((await ask('chat:complete')).allow).toBe(false);
    expect((await f.call('PUT', '/v1/role-mapping', mapping)).status).toBe(200);
    expect((await ask('chat:complete')).allow).toBe(true);
  });

  it('refuses a scoped key revoked through one process on the next request in the other', async () => {
    const dev = await f.user('devon', ['developers']);
    const created = (await f.call('POST', '/v1/keys', { userId: dev._id, permissions: ['chat:complete'] })).body;
    expect((await authorize(second.url, created.key)).status).toBe(200);
    expect((await f.call('DELETE', `/v1/keys/${created.id}`)).status).toBe(204);
    const reply = await authorize(second.url, created.key);
    expect(reply.status).toBe(401);
    expect(((await reply.json()) as { code: string }).code).toBe('secret_revoked');
  });
});
