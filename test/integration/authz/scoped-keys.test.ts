import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { authzFixture, testClock, type AuthzFixture } from './authz-fixture.js';

// Design 000 Step 5: scoped keys — prefixed, stored hashed, shown once, never beyond the owner's
// permissions (checked at creation and again at use), allowed models, expiry, revocation.

describe('design 000: scoped API keys', () => {
  const clock = testClock('2025-03-10T12:00:00.000Z');
  let f: AuthzFixture;
  let dev: string;
  let other: string;
  let devKey: { id: string; key: string };

  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform', plan: 'pro', now: clock.now });
    dev = (await f.user('devon', ['developers']))._id;
    other = (await f.user('olga', ['analysts']))._id;
    const reply = await f.call('POST', '/v1/keys', {
      userId: dev,
      name: 'ci',
      permissions: ['chat:complete', 'chat:stream', 'models:use:large', 'models:use:small'],
      allowedModels: ['mistral-large-latest', 'mistral-small-latest'],
      limits: { requestsPerMinute: 10 },
      expiresInDays: 30,
    });
    expect(reply.status).toBe(201);
    devKey = reply.body;
  });
  afterAll(() => f.close());

  const viaKey = async (body: object, key = devKey.key) => (await f.call('POST', '/v1/authorize', body, key)).body;

  it('shows the prefixed key once and stores only its hash', async () => {
    expect(devKey.key).toMatch(/^rst_sk_[A-Za-z0-9_-]{43}$/);
    expect(devKey).toMatchObject({
      userId: dev,
      limits: { requestsPerMinute: 10, tokensPerDay: 100_000 },
      expiresAt: '2025-04-09T12:00:00.000Z',
    });
    const listed = (await f.call('GET', '/v1/keys')).body.keys;
    expect(JSON.stringify(listed)).not.toContain(devKey.key);
    const stored = await f.server.store.collection('apiKeys').findOne({ _id: devKey.id });
    expect(JSON.stringify(stored)).not.toContain(devKey.key);
  });

  it.each<[string, 'dev' | 'other', object, string]>([
    ['a permission the owner lacks', 'dev', { permissions: ['keys:manage'] }, 'keys:manage'],
    ['a wildcard wider than the owner', 'dev', { permissions: ['chat:*'] }, 'chat:*'],
    [
      "a model beyond the owner's tier",
      'other',
      { permissions: ['chat:complete'], allowedModels: ['mistral-large-latest'] },
      'mistral-large-latest',
    ],
    [
      "a model outside the tenant's plan",
      'dev',
      { permissions: ['chat:complete'], allowedModels: ['mistral-embed'] },
      'mistral-embed',
    ],
  ])('refuses a key with %s (403 scope_exceeds_user)', async (_what, owner, body, named) => {
    const reply = await f.call('POST', '/v1/keys', { userId: owner === 'dev' ? dev : other, ...body });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('scope_exceeds_user');
    expect(reply.body.detail).toContain(named);
  });

  it.each([
    ['inside the scope', { permission: 'chat:stream' }, true, 'granted by role developer via chat:stream'],
    [
      'outside the scope, though the owner may',
      { permission: 'embeddings:create' },
      false,
      'denied: outside key scope',
    ],
    [
      "a model on the key's list",
      { resource: { kind: 'model', id: 'mistral-large-latest' } },
      true,
      'granted by role developer via models:use:large; tenant allows mistral-large-latest',
    ],
  ])("decides for the key's own user: %s", async (_what, body, allow, reason) => {
    expect(await viaKey(body)).toEqual({ allow, reason });
  });

  it('needs authz:check to ask about someone else', async () => {
    const reply = await f.call('POST', '/v1/authorize', { subject: other, permission: 'chat:complete' }, devKey.key);
    expect(reply.status).toBe(403);
    expect(reply.body.permission).toBe('authz:check');
  });

  it('answers "my capabilities" through the key (user ∩ scope)', async () => {
    const reply = await f.call('GET', '/v1/users/me/capabilities', undefined, devKey.key);
    expect(reply.body.permissions).toEqual(['chat:complete', 'chat:stream', 'models:use:large', 'models:use:small']);
    expect(reply.body.models).toEqual(['mistral-large-latest', 'mistral-small-latest']);
  });

  it("shrinks with its owner: a demoted user's key loses what the user lost", async () => {
    const user = await f.user('demi', ['developers']);
    const key = (
      await f.call('POST', '/v1/keys', {
        userId: user._id,
        permissions: ['chat:stream', 'models:use:large'],
        allowedModels: ['mistral-large-latest'],
      })
    ).body.key;
    expect((await viaKey({ permission: 'chat:stream' }, key)).allow).toBe(true);
    await f.setMembers('developers', 'remove', [user._id]);
    await f.setMembers('analysts', 'add', [user._id]);
    expect(await viaKey({ permission: 'chat:stream' }, key)).toEqual({ allow: false, reason: 'denied: no grant' });
    expect(await viaKey({ resource: { kind: 'model', id: 'mistral-large-latest' } }, key)).toEqual({
      allow: false,
      reason: 'denied: no grant',
    });
    expect((await f.call('GET', '/v1/users/me/capabilities', undefined, key)).body.permissions).toEqual([]);
  });

  it('stops working when revoked (401)', async () => {
    const created = (await f.call('POST', '/v1/keys', { userId: dev, permissions: ['chat:complete'] })).body;
    expect((await f.call('DELETE', `/v1/keys/${created.id}`)).status).toBe(204);
    const reply = await f.call('POST', '/v1/authorize', { permission: 'chat:complete' }, created.key);
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('secret_revoked');
  });

  it('stops working once expired (401), by the injected clock', async () => {
    const created = (
      await f.call('POST', '/v1/keys', { userId: dev, permissions: ['chat:complete'], expiresInDays: 1 })
    ).body;
    expect((await f.call('POST', '/v1/authorize', { permission: 'chat:complete' }, created.key)).status).toBe(200);
    clock.advance(2 * 86_400_000);
    const reply = await f.call('POST', '/v1/authorize', { permission: 'chat:complete' }, created.key);
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('secret_expired');
  });
});

describe('design 000: plans that require approval', () => {
  let f: AuthzFixture;
  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform', plan: 'enterprise' });
  });
  afterAll(() => f.close());

  it('holds a new key until someone other than its creator approves it', async () => {
    const user = await f.user('erik', ['developers']);
    const created = (await f.call('POST', '/v1/keys', { userId: user._id, permissions: ['chat:complete'] })).body;
    expect(created.state).toBe('pending_approval');
    const pending = await f.call('POST', '/v1/authorize', { permission: 'chat:complete' }, created.key);
    expect(pending.status).toBe(403);
    expect(pending.body.code).toBe('key_pending_approval');
    expect((await f.call('POST', `/v1/keys/${created.id}/approve`)).status).toBe(409); // same admin key: four eyes
    const second = (
      await createCredential(f.server.directory, {
        tenantId: f.tenantId,
        kind: 'admin',
        actor: { type: 'system', id: 'second' },
      })
    ).secret;
    expect((await f.call('POST', `/v1/keys/${created.id}/approve`, undefined, second)).body.state).toBe('active');
    expect((await f.call('POST', '/v1/authorize', { permission: 'chat:complete' }, created.key)).body.allow).toBe(true);
  });
});
