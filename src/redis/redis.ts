import { Redis } from 'ioredis';

export type { Redis };

/**
 * Roster's own Redis client (quotas, SAML caches, sessions). Every key gets the configured prefix,
 * so several deployments or test runs can share one Redis.
 */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: false });
}

/**
 * BullMQ's connection: no key prefix (BullMQ applies its own) and `maxRetriesPerRequest: null`,
 * which its blocking commands require (BullMQ docs, "Connections").
 */
export function createBullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** Removes every key under the client's prefix (SCAN's MATCH does not get the keyPrefix applied). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
  } while (cursor !== '0');
}
