import type { Redis } from '../../src/redis/index.js';

// At most one job per (connector, object) applies at a time, whichever way it was queued (live,
// full, approved, replayed). Deduplication already serializes live jobs; this lock covers the
// others. The lock names the job holding it, so the same job taken over after a crash
// (BullMQ's stalled-job recovery, same job id) gets it back at once instead of waiting out the TTL.

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export async function acquireObjectLock(redis: Redis, key: string, holder: string, ttlMs: number): Promise<boolean> {
  const lockKey = `sync:lock:${key}`;
  if ((await redis.set(lockKey, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
  return (await redis.get(lockKey)) === holder && (await redis.pexpire(lockKey, ttlMs)) === 1;
}

export async function releaseObjectLock(redis: Redis, key: string, holder: string): Promise<void> {
  await redis.eval(RELEASE, 1, `sync:lock:${key}`, holder);
}
