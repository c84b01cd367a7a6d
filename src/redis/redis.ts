import { Redis } from 'ioredis';

export type { Redis };

/** A command that gets no answer within this is failed (a hung or unreachable Redis), never awaited longer. */
const COMMAND_TIMEOUT_MS = 1000;

/**
 * Roster's own Redis client (quotas, SAML caches, sessions). Every key gets the configured prefix,
 * so several deployments or test runs can share one Redis.
 *
 * Outages fail fast (src/redis/outage.ts turns them into 503s): commands are queued only while the
 * client first connects (so the first requests after start-up do not fail), never while Redis is
 * down later — a queued command would make its request wait for the outage to end. Reconnects
 * are tried at least every second, so the first request after Redis returns is as fast as the rest.
 */
export function createRedis(url: string, keyPrefix: string): Redis {
  const client = new Redis(url, {
    keyPrefix,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    lazyConnect: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  return client;
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
