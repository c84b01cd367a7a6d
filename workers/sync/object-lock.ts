import type { Redis } from '../../src/redis/index.js';
import { waitKey } from './rate-gate.js';

// At most one job per (connector, object) applies at a time, whichever way it was queued (live,
// full, approved, replayed). Deduplication already serializes live jobs; this lock covers the
// others. The lock names the job holding it, so the same job taken over after a crash
// (BullMQ's stalled-job recovery, same job id) gets it back at once instead of waiting out the TTL.
// Entering checks the connector's Retry-After wait (workers/sync/rate-gate.ts) in the same
// script: one Redis round trip per job instead of three.

// KEYS: wait key, lock key; ARGV: holder, ttl ms. Returns the wait left (> 0), 0 when the lock
// is now held by `holder`, -1 when another job holds it.
const ENTER = `
local wait = redis.call('pttl', KEYS[1])
if wait > 0 then return wait end
if redis.call('set', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
if redis.call('get', KEYS[2]) == ARGV[1] then
  redis.call('pexpire', KEYS[2], ARGV[2])
  return 0
end
return -1`;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const lockKey = (key: string) => `sync:lock:${key}`;

export type Entry = { wait: number } | { locked: boolean };

/** The connector's Retry-After first (`wait` ms left), then the object's lock. */
export async function enterObject(
  redis: Redis,
  connectorId: string,
  key: string,
  holder: string,
  ttlMs: number,
): Promise<Entry> {
  const answer = Number(await redis.eval(ENTER, 2, waitKey(connectorId), lockKey(key), holder, ttlMs));
  return answer > 0 ? { wait: answer } : { locked: answer === 0 };
}

export async function releaseObjectLock(redis: Redis, key: string, holder: string): Promise<void> {
  await redis.eval(RELEASE, 1, lockKey(key), holder);
}
