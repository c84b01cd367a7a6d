import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type EventJob, type SyncJob } from './names.js';

/** Every BullMQ queue Roster writes to, on one shared connection (BullMQ's own, not the app's). */
export interface Queues {
  events: Queue<EventJob>;
  sync: Queue<SyncJob>;
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
  // Completed sync jobs are kept briefly (the ops view); failed ones are the dead-letter set that
  // `roster sync retry-failed` replays, kept 30 days.
  const sync = new Queue<SyncJob>(QUEUE_NAMES.sync, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 30 * 86_400 } },
  });
  const all = () => [events, sync] as Queue[];
  return {
    events,
    sync,
    all,
    async close() {
      await Promise.all(all().map((q) => q.close()));
    },
  };
}
