import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bullPrefix,
  HEARTBEAT_WINDOW_MS,
  QUEUE_NAMES,
  startHeartbeat,
  workersAlive,
} from '../../../src/queue/index.js';
import { createRedis, deleteKeysWithPrefix, type Redis } from '../../../src/redis/index.js';

function ownRedis(): { redis: Redis; prefix: string } {
  const prefix = `roster-unit-queue:${randomUUID()}:`;
  return { redis: createRedis('redis://127.0.0.1:6379', prefix), prefix };
}

const opened: { redis: Redis; prefix: string }[] = [];
afterAll(async () => {
  for (const { redis, prefix } of opened) {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
});
function redisForTest(): Redis {
  const own = ownRedis();
  opened.push(own);
  return own.redis;
}

describe('queue names and prefix', () => {
  it('names two distinct queues and puts BullMQ under the Roster prefix', () => {
    expect(new Set(Object.values(QUEUE_NAMES)).size).toBe(2);
    expect(bullPrefix('roster:')).toBe('roster:bull');
    expect(bullPrefix('roster-a:').startsWith('roster-a:')).toBe(true);
  });
});

describe('workersAlive (real Redis, own prefix)', () => {
  it('counts no workers and no last beat before any beat', async () => {
    expect(await workersAlive(redisForTest())).toEqual({ alive: 0 });
  });

  it('counts the workers that beat within the window and reports the newest beat', async () => {
    const redis = redisForTest();
    const now = 1_800_000_000_000;
    await redis.zadd('workers:heartbeats', now - HEARTBEAT_WINDOW_MS - 1, 'old:1');
    await redis.zadd('workers:heartbeats', now - HEARTBEAT_WINDOW_MS, 'edge:2');
    await redis.zadd('workers:heartbeats', now - 1000, 'fresh:3');
    expect(await workersAlive(redis, now)).toEqual({ alive: 2, lastBeatAt: new Date(now - 1000).toISOString() });
    expect(await workersAlive(redis, now + HEARTBEAT_WINDOW_MS - 1000)).toMatchObject({ alive: 1 });
  });

  it('sees a started heartbeat, and forgets it once stopped', async () => {
    const redis = redisForTest();
    const errors: Error[] = [];
    const heartbeat = startHeartbeat(redis, (err) => errors.push(err));
    let status = await workersAlive(redis);
    while (status.alive === 0) status = await workersAlive(redis); // the first beat is sent at once
    expect(status.alive).toBe(1);
    expect(Date.now() - Date.parse(status.lastBeatAt ?? '')).toBeLessThan(HEARTBEAT_WINDOW_MS);
    await heartbeat.stop();
    expect((await workersAlive(redis)).alive).toBe(0);
    expect(errors).toEqual([]);
  });

  it('reports a failing beat to onError instead of throwing', async () => {
    const { redis } = ownRedis();
    await redis.quit();
    const errors: Error[] = [];
    const heartbeat = startHeartbeat(redis, (err) => errors.push(err));
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    await heartbeat.stop();
  });
});
