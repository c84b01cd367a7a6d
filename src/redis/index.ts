export { createBullConnection, createRedis, deleteKeysWithPrefix, type Redis } from './redis.js';
