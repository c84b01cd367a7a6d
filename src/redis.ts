import { Redis } from 'ioredis';

export type { Redis };

/**
 * Roster's own Redis client (quotas, SAML caches, sessions). Every key gets the configured prefix,
 * so several deployments or test runs can share one Redis. BullMQ opens its own connections.
 */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: false });
}
