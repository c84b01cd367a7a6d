import type { Redis } from '../../src/redis/index.js';

// A connector's Retry-After, shared by every worker: while it runs, that connector's jobs are
// moved to delayed (job.moveToDelayed + DelayedError) and other connectors' jobs carry on.
// worker.rateLimit() would pause the whole queue, every tenant and target with it.

export const waitKey = (connectorId: string) => `sync:wait:${connectorId}`;

/** Milliseconds the connector must still wait; 0 when it may call. */
export async function waitLeft(redis: Redis, connectorId: string): Promise<number> {
  return Math.max(0, await redis.pttl(waitKey(connectorId)));
}

/** Records a wait; a longer wait already recorded is kept. */
export async function holdConnector(redis: Redis, connectorId: string, ms: number): Promise<void> {
  if (ms <= 0) return;
  const left = await waitLeft(redis, connectorId);
  if (left < ms) await redis.set(waitKey(connectorId), '1', 'PX', Math.ceil(ms));
}
