import { Redis } from 'ioredis';

export type { Redis };

/**
 * Roster's own Redis client (quotas, SAML caches, sessions). Every key gets the configured prefix,
 * so several deployments or test runs can share one Redis. BullMQ opens its own connections.
 */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: false });
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
