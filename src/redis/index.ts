export { createBullConnection, createRedis, deleteKeysWithPrefix, type Redis } from './redis.js';
export { isRedisOutage, redisUnavailable, retryAfterOf, viaRedis, REDIS_RETRY_AFTER_SECONDS } from './outage.js';
