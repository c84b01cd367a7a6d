import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthFailureThrottle, rejectionAuditKey, tooManyFailures } from '../../../src/auth-failures/index.js';
import { createRedis, deleteKeysWithPrefix, type Redis } from '../../../src/redis/index.js';
import { freePort } from '../../helpers/ports.js';

// The throttle against real Redis (own key prefix) with a clock the test moves, so windows are
// crossed without waiting.

const prefix = `roster-unit-authfail:${randomUUID()}:`;
const redis = createRedis('redis://127.0.0.1:6379', prefix);
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

function throttle(limits: { perAddress: number; perTenant: number; windowSeconds: number }, start: number) {
  const clock = { t: start };
  const warnings: string[] = [];
  const subject = createAuthFailureThrottle({
    redis: () => redis,
    limits,
    warn: (_err, message) => warnings.push(message),
    now: () => clock.t,
  });
  return { subject, clock, warnings };
}

// Each test uses its own addresses and tenants, so the shared Redis keys never collide.
const address = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;

describe('per-address limit', () => {
  it('lets the limit-th failure through, refuses the next, and blocks the address until the window ends', async () => {
    const start = 60_000 * 1_000_000; // the start of a 60 s window
    const { subject, clock } = throttle({ perAddress: 3, perTenant: 1000, windowSeconds: 60 }, start + 15_000);
    const ip = address();
    expect(await subject.failed(ip, undefined)).toBeUndefined();
    expect(await subject.failed(ip, undefined)).toBeUndefined();
    expect(subject.blockedFor(ip)).toBeUndefined();
    expect(await subject.failed(ip, undefined)).toBeUndefined(); // the 3rd: allowed, but now blocked
    expect(subject.blockedFor(ip)).toBe(45); // seconds left in the window
    expect(await subject.failed(ip, undefined)).toBe(45);
    clock.t = start + 59_001;
    expect(subject.blockedFor(ip)).toBe(1); // never 0: Retry-After 0 would invite a retry at once
    clock.t = start + 60_000;
    expect(subject.blockedFor(ip)).toBeUndefined();
    expect(await subject.failed(ip, undefined)).toBeUndefined(); // a new window counts from zero
  });

  it('counts each address on its own', async () => {
    const { subject } = throttle({ perAddress: 1, perTenant: 1000, windowSeconds: 60 }, 60_000 * 2_000_000);
    const [a, b] = [address(), address()];
    await subject.failed(a, undefined);
    expect(subject.blockedFor(a)).toBeGreaterThan(0);
    expect(subject.blockedFor(b)).toBeUndefined();
  });

  it('shares counts between processes through Redis', async () => {
    const start = 60_000 * 3_000_000;
    const first = throttle({ perAddress: 2, perTenant: 1000, windowSeconds: 60 }, start).subject;
    const second = throttle({ perAddress: 2, perTenant: 1000, windowSeconds: 60 }, start).subject;
    const ip = address();
    await first.failed(ip, undefined);
    await second.failed(ip, undefined);
    expect(await first.failed(ip, undefined)).toBe(60);
  });
});

describe('per-tenant limit', () => {
  it('answers failures past the tenant limit from any address, without blocking those addresses', async () => {
    const { subject } = throttle({ perAddress: 100, perTenant: 2, windowSeconds: 10 }, 10_000 * 5_000_000 + 4_000);
    const tenant = `t-${randomUUID()}`;
    const ips = [address(), address(), address()];
    expect(await subject.failed(ips[0], tenant)).toBeUndefined();
    expect(await subject.failed(ips[1], tenant)).toBeUndefined();
    expect(await subject.failed(ips[2], tenant)).toBe(6);
    expect(ips.map((ip) => subject.blockedFor(ip))).toEqual([undefined, undefined, undefined]);
  });
});

describe('when Redis is down', () => {
  it('fails open and warns once per ten seconds, not per request', async () => {
    const down: Redis = createRedis(`redis://127.0.0.1:${await freePort()}`, prefix);
    down.on('error', () => {});
    const clock = { t: 1_000_000 };
    const warnings: string[] = [];
    const subject = createAuthFailureThrottle({
      redis: () => down,
      limits: { perAddress: 1, perTenant: 1, windowSeconds: 60 },
      warn: (_err, message) => warnings.push(message),
      now: () => clock.t,
    });
    try {
      const ip = address();
      expect(await subject.failed(ip, 'acme')).toBeUndefined();
      expect(await subject.failed(ip, 'acme')).toBeUndefined();
      expect(subject.blockedFor(ip)).toBeUndefined();
      expect(warnings).toEqual(['authentication failures are not throttled: Redis is unavailable (failing open)']);
      clock.t += 10_000;
      await subject.failed(ip, 'acme');
      expect(warnings).toHaveLength(2);
    } finally {
      down.disconnect();
    }
  });
});

describe('tooManyFailures and the audit key', () => {
  it('is a 429 that says when to retry', () => {
    const error = tooManyFailures(7);
    expect([error.code, error.status, error.message]).toEqual([
      'rate_limited',
      429,
      'too many failed authentications; retry after 7 s',
    ]);
    expect(error.details).toEqual({ retryAfterSeconds: 7 });
  });

  it('groups rejections by source address, with unknown addresses together', () => {
    expect(rejectionAuditKey('198.51.100.4')).toBe('198.51.100.4');
    expect(rejectionAuditKey(undefined)).toBe('unknown');
  });
});
