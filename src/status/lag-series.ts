import type { Redis } from 'ioredis';

// Each tenant's sync and SIEM lag over the last day, one point per sample, for the ops console's
// chart. The workers append (workers/lag-sampler.ts); the console reads. One Redis list per tenant
// under Roster's key prefix, trimmed on every write so it never grows past a day of points.

export interface LagPoint {
  /** Sample time, ms since the epoch. */
  t: number;
  /** Seconds the tenant's oldest waiting sync work has waited. */
  sync: number;
  /** Seconds behind of the tenant's most lagging SIEM stream. */
  siem: number;
}

export const LAG_WINDOW_MS = 86_400_000;
/** A day at one sample a minute. */
export const LAG_POINTS = 1440;

const key = (tenantId: string) => `ops:lag:${tenantId}`;

export async function recordLagPoint(
  redis: Redis,
  tenantId: string,
  point: LagPoint,
  keep = LAG_POINTS,
): Promise<void> {
  await redis
    .multi()
    .rpush(key(tenantId), JSON.stringify(point))
    .ltrim(key(tenantId), -keep, -1)
    .pexpire(key(tenantId), 2 * LAG_WINDOW_MS)
    .exec();
}

/** The tenant's points of the last day, oldest first. */
export async function readLagSeries(redis: Redis, tenantId: string, now = Date.now()): Promise<LagPoint[]> {
  const raw = await redis.lrange(key(tenantId), 0, -1);
  return raw.map((r) => JSON.parse(r) as LagPoint).filter((p) => p.t >= now - LAG_WINDOW_MS && p.t <= now);
}
