import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, deleteKeysWithPrefix } from '../../../src/redis/index.js';
import {
  type ConnectorQueueFigures,
  LAG_WINDOW_MS,
  lagSecondsOf,
  readLagSeries,
  recordLagPoint,
} from '../../../src/status/index.js';

describe('lagSecondsOf', () => {
  const now = 1_800_000_000_000;
  const figures = (oldestPendingAt?: number): ConnectorQueueFigures => ({
    pending: 1,
    deadLetters: 0,
    oldestPendingAt,
  });

  it('is the age of the oldest pending job, in whole seconds, rounded', () => {
    expect(lagSecondsOf(figures(now - 90_000), now)).toBe(90);
    expect(lagSecondsOf(figures(now - 1_499), now)).toBe(1);
    expect(lagSecondsOf(figures(now - 1_500), now)).toBe(2);
  });

  it('is 0 with nothing pending, no figures, or a clock behind the enqueue time', () => {
    expect(lagSecondsOf(undefined, now)).toBe(0);
    expect(lagSecondsOf(figures(undefined), now)).toBe(0);
    expect(lagSecondsOf(figures(now + 5_000), now)).toBe(0);
  });
});

describe('lag series (real Redis, own prefix)', () => {
  const prefix = `roster-unit-status:${randomUUID()}:`;
  const redis = createRedis('redis://127.0.0.1:6379', prefix);
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  const now = 1_800_000_000_000;

  it('reads back what was recorded, oldest first, per tenant', async () => {
    const tenant = `t-${randomUUID()}`;
    await recordLagPoint(redis, tenant, { t: now - 2000, sync: 1, siem: 4 });
    await recordLagPoint(redis, tenant, { t: now - 1000, sync: 2, siem: 5 });
    await recordLagPoint(redis, `other-${tenant}`, { t: now - 1000, sync: 9, siem: 9 });
    expect(await readLagSeries(redis, tenant, now)).toEqual([
      { t: now - 2000, sync: 1, siem: 4 },
      { t: now - 1000, sync: 2, siem: 5 },
    ]);
  });

  it('answers an empty series for a tenant never sampled', async () => {
    expect(await readLagSeries(redis, `never-${randomUUID()}`, now)).toEqual([]);
  });

  it('shows only the last day up to now: older points and points from a clock ahead are left out', async () => {
    const tenant = `t-${randomUUID()}`;
    for (const t of [now - LAG_WINDOW_MS - 1, now - LAG_WINDOW_MS, now, now + 1])
      await recordLagPoint(redis, tenant, { t, sync: 0, siem: 0 });
    expect((await readLagSeries(redis, tenant, now)).map((p) => p.t)).toEqual([now - LAG_WINDOW_MS, now]);
  });

  it('keeps only the newest `keep` points and lets the list expire', async () => {
    const tenant = `t-${randomUUID()}`;
    for (let i = 1; i <= 5; i++) await recordLagPoint(redis, tenant, { t: now - 10_000 + i, sync: i, siem: 0 }, 3);
    expect((await readLagSeries(redis, tenant, now)).map((p) => p.sync)).toEqual([3, 4, 5]);
    const ttl = await redis.pttl(`ops:lag:${tenant}`);
    expect(ttl).toBeGreaterThan(LAG_WINDOW_MS);
    expect(ttl).toBeLessThanOrEqual(2 * LAG_WINDOW_MS);
  });
});
