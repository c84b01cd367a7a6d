import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createQuotaService, type UsageSubject } from '../../../src/access/index.js';
import { count } from '../../../src/access/quota-counter.js';
import { createRedis, deleteKeysWithPrefix } from '../../../src/redis/index.js';

// The quota service against real Redis (own key prefix), with a clock the test sets.

const prefix = `roster-unit-quota:${randomUUID()}:`;
const redis = createRedis('redis://127.0.0.1:6379', prefix);
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

const at = new Date('2027-03-04T10:20:30.000Z');
const service = createQuotaService({ redis, now: () => at });

function subject(requestsPerDay: number, key?: UsageSubject['key'], overrides?: UsageSubject['overrides']) {
  const tenant = { _id: `t-${randomUUID()}`, plan: 'free' as const, settings: { maxRequestsPerDay: requestsPerDay } };
  return { tenant, key, overrides } as UsageSubject;
}

describe('the atomic counter', () => {
  it('refuses an increment that would carry a counter past its cap, counting nothing anywhere', async () => {
    const [a, b] = [`c:${randomUUID()}`, `c:${randomUUID()}`];
    const counters = (inc: number) => [
      { key: a, limit: 100, increment: inc, ttlMs: 60_000 },
      { key: b, limit: 10, increment: inc, ttlMs: 60_000 },
    ];
    expect(await count(redis, counters(6), true)).toEqual({ allowed: true, used: [6, 6] });
    expect(await count(redis, counters(5), true)).toEqual({ allowed: false, refusedBy: 1, used: [6, 6] });
    expect(await count(redis, counters(4), true)).toEqual({ allowed: true, used: [10, 10] });
    expect(await count(redis, counters(0), true)).toMatchObject({ allowed: false, refusedBy: 1 }); // exhausted
  });

  it('records past the cap when not enforcing, and never caps a limit of -1', async () => {
    const key = `c:${randomUUID()}`;
    expect(await count(redis, [{ key, limit: 1, increment: 5, ttlMs: 1000 }], false)).toEqual({
      allowed: true,
      used: [5],
    });
    const open = `c:${randomUUID()}`;
    expect(await count(redis, [{ key: open, limit: -1, increment: 1e9, ttlMs: 1000 }], true)).toMatchObject({
      allowed: true,
    });
  });
});

describe('quota service', () => {
  it('reports each meter with its cap, what remains and the next UTC midnight or minute', async () => {
    const s = subject(10, { id: 'k1', limits: { requestsPerMinute: 3, tokensPerDay: 50 } });
    const usage = await service.consume(s, { requests: 1, tokens: 20, enforce: true });
    expect(usage).toEqual({
      allowed: true,
      tenant: {
        requests: { used: 1, limit: 10, remaining: 9, resetAt: '2027-03-05T00:00:00.000Z' },
        tokens: { used: 20, limit: 100_000, remaining: 99_980, resetAt: '2027-03-05T00:00:00.000Z' },
      },
      key: {
        requests: { used: 1, limit: null, remaining: null, resetAt: '2027-03-05T00:00:00.000Z' },
        tokens: { used: 20, limit: 50, remaining: 30, resetAt: '2027-03-05T00:00:00.000Z' },
        requestsPerMinute: { used: 1, limit: 3, remaining: 2, resetAt: '2027-03-04T10:21:00.000Z' },
      },
    });
  });

  it("lets a tenant's overrides replace its plan's caps", async () => {
    const s = subject(10, undefined, { requestsPerDay: 2, tokensPerDay: 7 });
    const usage = await service.consume(s, { requests: 1, tokens: 7, enforce: true });
    expect([usage.tenant.requests.limit, usage.tenant.tokens.remaining]).toEqual([2, 0]);
    expect((await service.consume(s, { requests: 1, tokens: 1, enforce: true })).exceeded).toBe('tenant.tokens');
  });

  it('names the first spent meter in status, without counting anything', async () => {
    const s = subject(2);
    expect(await service.status(s)).toMatchObject({ allowed: true, tenant: { requests: { used: 0, remaining: 2 } } });
    await service.consume(s, { requests: 2, tokens: 0, enforce: true });
    const status = await service.status(s);
    expect(status).toMatchObject({ allowed: false, exceeded: 'tenant.requests' });
    expect((await service.status(s)).tenant.requests.used).toBe(2);
  });

  it('shows remaining 0, never negative, after usage recorded past the cap', async () => {
    const s = subject(2);
    const usage = await service.consume(s, { requests: 5, tokens: 0, enforce: false });
    expect([usage.allowed, usage.tenant.requests.used, usage.tenant.requests.remaining]).toEqual([true, 5, 0]);
  });

  it('keeps tenants and keys apart', async () => {
    const key = { id: 'shared-id', limits: { requestsPerMinute: 1, tokensPerDay: 10 } };
    const [one, two] = [subject(100, key), subject(100, key)];
    await service.consume(one, { requests: 1, tokens: 0, enforce: true });
    expect((await service.consume(two, { requests: 1, tokens: 0, enforce: true })).allowed).toBe(true);
    expect((await service.consume(one, { requests: 1, tokens: 0, enforce: true })).exceeded).toBe(
      'key.requestsPerMinute',
    );
  });
});
