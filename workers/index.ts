import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import type { Logger } from '../src/logging/index.js';
import { QUEUE_NAMES, type EventJob } from '../src/queue/index.js';
import type { Store } from '../src/store/index.js';
import { createOutboxRelay } from './outbox-relay.js';

export { createOutboxRelay, type OutboxRelay } from './outbox-relay.js';

export interface RunningWorkers {
  stop(): Promise<void>;
}

/** Starts the outbox relay (and, as issues add them, the sync and SIEM workers). */
export async function startWorkers(deps: {
  config: Readonly<Config>;
  store: Store;
  logger: Logger;
}): Promise<RunningWorkers> {
  // BullMQ needs maxRetriesPerRequest: null on its connections, and applies its own prefix.
  const connection = new Redis(deps.config.redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue<EventJob>(QUEUE_NAMES.events, {
    connection,
    prefix: `${deps.config.redis.prefix}bull`,
    defaultJobOptions: { removeOnComplete: { age: 86_400, count: 100_000 }, removeOnFail: { age: 7 * 86_400 } },
  });
  const relay = createOutboxRelay({ store: deps.store, queue, logger: deps.logger });
  relay.start();
  deps.logger.info({ queue: QUEUE_NAMES.events }, 'outbox relay started');
  return {
    async stop() {
      await relay.stop();
      await queue.close();
      await connection.quit();
    },
  };
}
