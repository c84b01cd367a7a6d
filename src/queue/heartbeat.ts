import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

// Every `roster worker` (and `roster serve` running workers in-process) says it is alive every
// few seconds in one sorted set (member: host:pid, score: last beat in ms). /readyz, the ops
// console and `roster status` count the members that beat within the window.

const KEY = 'workers:heartbeats';
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_WINDOW_MS = 20_000;

export function startHeartbeat(redis: Redis, onError: (err: Error) => void): { stop(): Promise<void> } {
  const member = `${hostname()}:${process.pid}`;
  const beat = () =>
    redis
      .multi()
      .zadd(KEY, Date.now(), member)
      .zremrangebyscore(KEY, 0, Date.now() - 10 * HEARTBEAT_WINDOW_MS)
      .exec()
      .then(
        () => undefined,
        (err: Error) => onError(err),
      );
  void beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis.zrem(KEY, member).catch(() => undefined);
    },
  };
}

export async function workersAlive(redis: Redis, now = Date.now()): Promise<{ alive: number; lastBeatAt?: string }> {
  const [alive, newest] = await Promise.all([
    redis.zcount(KEY, now - HEARTBEAT_WINDOW_MS, '+inf'),
    redis.zrange(KEY, '-1', '-1', 'WITHSCORES'),
  ]);
  return { alive, ...(newest[1] ? { lastBeatAt: new Date(Number(newest[1])).toISOString() } : {}) };
}
