import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authzFixture, testClock, type AuthzFixture } from './authz-fixture.js';

// Design 000 Steps 5-6: daily quotas per tenant and per key (requests, tokens) with remaining counts
// and reset time (UTC midnight), and a per-key requests-per-minute limit, counted in Redis.

describe('design 000: usage quotas and rate limits', () => {
  // Each test has its own tenant, key, Redis counters and clock: none relies on another's usage.
  let clock: ReturnType<typeof testClock>;
  let f: AuthzFixture;
  let key: string;
  let keyId: string;
  const use = (body: object = {}, k = key) => f.call('POST', '/v1/usage', body, k);

  beforeEach(async () => {
    clock = testClock('2025-06-30T23:58:00.000Z');
    f = await authzFixture({ preset: 'api-platform', plan: 'free', now: clock.now });
    const user = await f.user('quinn', ['developers']);
    const created = (
      await f.call('POST', '/v1/keys', {
        userId: user._id,
        permissions: ['chat:complete'],
        limits: { requestsPerMinute: 3, tokensPerDay: 1000 },
      })
    ).body;
    key = created.key;
    keyId = created.id;
  });
  afterEach(() => f.close());

  it("shows the plan's limits and counts remaining requests down to a 429 at exhaustion", async () => {
    expect((await f.call('PUT', '/v1/quotas', { requestsPerDay: 2 })).status).toBe(200);
    expect((await f.call('GET', '/v1/quotas')).body).toMatchObject({
      plan: 'free',
      requestsPerDay: 2,
      tokensPerDay: 100_000,
    });
    const first = await use();
    expect(first.status).toBe(200);
    expect(first.body.tenant.requests).toEqual({
      used: 1,
      limit: 2,
      remaining: 1,
      resetAt: '2025-07-01T00:00:00.000Z',
    });
    expect((await use()).body.tenant.requests.remaining).toBe(0);
    const refused = await use();
    expect(refused.status).toBe(429);
    expect(refused.type).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'quota_exceeded', exceeded: 'tenant.requests', allowed: false });
    expect(refused.headers.get('retry-after')).toBe('120');
  });

  it('resets at UTC midnight (the clock moves; nothing sleeps)', async () => {
    expect((await f.call('PUT', '/v1/quotas', { requestsPerDay: 2 })).status).toBe(200);
    expect((await use()).status).toBe(200);
    expect((await use()).status).toBe(200);
    expect((await use()).status).toBe(429); // 23:58: the day's two are spent
    clock.set('2025-07-01T00:00:01.000Z');
    const reply = await use();
    expect(reply.status).toBe(200);
    expect(reply.body.tenant.requests).toEqual({
      used: 1,
      limit: 2,
      remaining: 1,
      resetAt: '2025-07-02T00:00:00.000Z',
    });
    await f.call('PUT', '/v1/quotas', {});
  });

  it("limits a key's requests per minute (429 rate_limited) and frees it the next minute", async () => {
    clock.set('2025-07-01T09:00:00.000Z');
    expect((await use()).status).toBe(200);
    expect((await use()).status).toBe(200);
    expect((await use()).body.key.requestsPerMinute.remaining).toBe(0);
    const refused = await use();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited', exceeded: 'key.requestsPerMinute' });
    clock.advance(60_000);
    expect((await use()).status).toBe(200);
  });

  it("refuses tokens beyond the key's daily budget without charging the tenant", async () => {
    clock.set('2025-07-02T10:00:00.000Z');
    expect((await use({ tokens: 600 })).body.key.tokens).toMatchObject({ used: 600, remaining: 400 });
    const refused = await use({ tokens: 600 });
    expect(refused.status).toBe(429);
    expect(refused.body.exceeded).toBe('key.tokens');
    const status = (await f.call('GET', '/v1/usage', undefined, key)).body;
    expect(status.tenant.tokens.used).toBe(600); // the refused call counted nowhere
    expect(status.key.tokens).toMatchObject({ used: 600, remaining: 400, resetAt: '2025-07-03T00:00:00.000Z' });
  });

  it('records usage that already happened without refusing it (enforce: false)', async () => {
    clock.set('2025-07-02T10:00:00.000Z');
    expect((await use({ tokens: 600 })).body.key.tokens).toMatchObject({ used: 600, remaining: 400 });
    const reply = await use({ tokens: 900, enforce: false });
    expect(reply.status).toBe(200);
    expect(reply.body.key.tokens).toMatchObject({ used: 1500, remaining: 0 });
    expect((await use({ tokens: 0 })).body.exceeded).toBe('key.tokens'); // exhausted: even a 0-token call is refused
  });

  it('lets an admin key charge a named key and read its meters', async () => {
    clock.set('2025-07-03T10:00:00.000Z');
    expect((await f.call('POST', `/v1/usage?key=${keyId}`, { tokens: 10 })).body.key.tokens.used).toBe(10);
    expect((await f.call('GET', `/v1/usage?key=${keyId}`)).body.key.tokens.used).toBe(10);
  });
});

describe('design 000: N API processes agree on one count', () => {
  let f: AuthzFixture;
  beforeAll(async () => {
    // Two servers (the app and a second router on the same store and Redis), both on real time.
    f = await authzFixture({ preset: 'api-platform', now: () => new Date() });
  });
  afterAll(() => f.close());

  it('admits exactly the quota when 40 requests race across two processes', async () => {
    await f.call('PUT', '/v1/quotas', { requestsPerDay: 15 });
    const call = (url: string) =>
      fetch(`${url}/v1/usage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.adminKey}`, 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status);
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => call(i % 2 ? f.url : f.server.url)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });
});
