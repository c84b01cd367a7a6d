export { createRedis, deleteKeysWithPrefix, type Redis } from './redis.js';
