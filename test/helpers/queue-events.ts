import { QueueEvents } from 'bullmq';

/**
 * Resolves once `count` jobs have entered the queue's wait list, read from the queue's own event
 * stream (BullMQ QueueEvents) from its start: nothing polls, and no event can be missed.
 */
export async function jobsWaiting(queueName: string, prefix: string, count: number): Promise<void> {
  const events = new QueueEvents(queueName, {
    connection: { host: '127.0.0.1', port: 6379 },
    prefix,
    lastEventId: '0-0',
  });
  try {
    await new Promise<void>((resolve) => {
      let seen = 0;
      events.on('waiting', () => {
        if (++seen === count) resolve();
      });
    });
  } finally {
    await events.close();
  }
}
