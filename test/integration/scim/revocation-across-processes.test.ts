import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putRoleMapping, putRole } from '../../../src/access/index.js';
import { createCredential, revokeCredential } from '../../../src/credentials/index.js';
import { startSecondInstance } from '../../helpers/second-instance.js';
import { oktaUser, startScim, type ScimHarness } from './scim-client.js';

// Each API process keeps verified SCIM tokens and compiled role policies in memory
// (src/credentials/credential-cache.ts, src/access/policy-cache.ts); a change made anywhere
// applies to the very next request in every process.

const ACTOR = { type: 'cli' as const, id: 'test' };

describe('SCIM caches across API processes', () => {
  let h: ScimHarness;
  let second: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    h = await startScim('acme');
    second = await startSecondInstance(h.server);
  });
  afterAll(async () => {
    await second.close();
    await h.close();
  });

  const list = (url: string, token: string) =>
    fetch(`${url}/scim/v2/acme/Users?count=1`, { headers: { authorization: `Bearer ${token}` } });

  it('refuses a revoked token on the next request in both processes', async () => {
    const { credential, secret } = await createCredential(h.server.directory, {
      tenantId: 'acme',
      kind: 'scim',
      actor: ACTOR,
    });
    expect((await list(h.server.url, secret)).status).toBe(200);
    expect((await list(second.url, secret)).status).toBe(200);
    await revokeCredential(h.server.directory, { tenantId: 'acme', kind: 'scim', id: credential._id, actor: ACTOR });
    expect((await list(h.server.url, secret)).status).toBe(401);
    expect((await list(second.url, secret)).status).toBe(401);
    expect((await list(second.url, h.token)).status).toBe(200);
  });

  it('gives a user created in one process the default role just set through the other', async () => {
    const create = async (url: string, userName: string) => {
      const reply = await fetch(`${url}/scim/v2/acme/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(oktaUser(userName)),
      });
      expect(reply.status).toBe(201);
      const id = ((await reply.json()) as { id: string }).id;
      return h.server.store.collection('users').findOne({ _id: id });
    };
    expect((await create(second.url, 'before@acme.example'))?.effectiveRoles).toEqual([]);
    await putRole(h.server.directory, 'acme', { name: 'member', permissions: ['docs:read'] }, ACTOR);
    await putRoleMapping(h.server.directory, 'acme', { strategy: 'highest', defaultRole: 'member', rules: [] }, ACTOR);
    const after = await create(second.url, 'after@acme.example');
    expect(after?.effectiveRoles).toEqual(['member']);
    expect(after?.effectivePermissions).toEqual(['docs:read']);
  });
});
