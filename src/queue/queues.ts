import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type EventJob } from './names.js';

/** Every BullMQ queue Roster writes to, on one shared connection (BullMQ's own, not the app's). */
export interface Queues {
  events: Queue<EventJob>;
  /** Every queue, for the ops view and for closing. */
  all(): Queue[];
  close(): Promise<void>;
}

/** BullMQ applies its own key prefix: `<ROSTER_REDIS_PREFIX>bull`. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}

export function createQueues(connection: Redis, redisPrefix: string): Queues {
  const prefix = bullPrefix(redisPrefix);
  const events = new Queue<EventJob>(QUEUE_NAMES.events, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: { age: 86_400, count: 100_000 }, removeOnFail: { age: 7 * 86_400 } },
  });
  const all = () => [events] as Queue[];
  return {
    events,
    all,
    async close() {
      await Promise.all(all().map((q) => q.close()));
    },
  };
}
