// A per-stream lease in Redis, so that of several `roster worker` processes exactly one ships a
// given stream at a time: SET NX PX to take it, compare-and-extend to renew, compare-and-delete to
// give it back (the single-instance lock pattern of the Redis docs, "Distributed Locks with
// Redis"). If a holder stalls past the TTL another process takes over; delivery stays at least
// once because the cursor only moves after a batch was delivered.
import { randomUUID } from 'node:crypto';
import type { Redis } from '../../../src/redis/index.js';

const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) " + 'else return 0 end';
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface Lease {
  readonly key: string;
  /** True when this process now holds the lease. */
  acquire(): Promise<boolean>;
  /** Extends the lease; false when it was lost (expired and taken by another process). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export function streamLeaseKey(tenantId: string, streamId: string): string {
  return `siem:lease:${tenantId}:${streamId}`;
}

export function createLease(redis: Redis, key: string, ttlMs: number): Lease {
  const token = randomUUID();
  return {
    key,
    acquire: async () => (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK',
    renew: async () => Number(await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1,
    async release() {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
