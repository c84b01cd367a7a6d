import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncQueueFigures } from '../../../src/ops/index.js';
import { bullPrefix, createQueues, QUEUE_NAMES, type Queues, type SyncJob } from '../../../src/queue/index.js';
import { createBullConnection, deleteKeysWithPrefix } from '../../../src/redis/index.js';

// The per-connector figures of the real `roster-sync` queue on the test Redis (src/ops/sync-queue-figures.ts).

const job = (connectorId: string, objectId: string): SyncJob => ({
  tenantId: 'acme',
  connectorId,
  kind: 'user',
  objectId,
  mode: 'live',
});

describe('sync queue figures', () => {
  const prefix = `roster-figures:${randomUUID()}:`;
  const connection = createBullConnection('redis://127.0.0.1:6379');
  let queues: Queues;
  beforeAll(() => {
    queues = createQueues(connection, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
  });

  it('counts pending jobs, the oldest one and dead letters per connector, in every pending state', async () => {
    const sync = queues.sync;
    const worker = new Worker<SyncJob>(
      QUEUE_NAMES.sync,
      async (j) => {
        if (j.data.objectId.startsWith('dead')) throw new UnrecoverableError('refused');
        await new Promise(() => {}); // a running job that never ends: it stays active
      },
      { connection: createBullConnection('redis://127.0.0.1:6379'), prefix: bullPrefix(prefix), concurrency: 10 },
    );
    try {
      const failed = new Promise<void>((resolve) => {
        let count = 0;
        worker.on('failed', () => ++count === 2 && resolve());
      });
      const first = await sync.add('sync', job('slack', 'u1'), { jobId: 'a1' }); // active
      await sync.add('sync', job('zoom', 'dead1'), { jobId: 'b1' }); // dead letters
      await sync.add('sync', job('zoom', 'dead2'), { jobId: 'b2' });
      await failed;
      await worker.pause(true); // what is added now stays waiting, prioritized or delayed
      await sync.add('sync', job('slack', 'u2'), { jobId: 'a2', delay: 60_000 });
      await sync.add('sync', job('slack', 'u3'), { jobId: 'a3', priority: 5 });
      await sync.add('sync', job('zoom', 'u4'), { jobId: 'b3' });
      const figures = await syncQueueFigures(sync);
      expect(figures.get('slack')).toEqual({ pending: 3, deadLetters: 0, oldestPendingAt: first.timestamp });
      expect(figures.get('zoom')).toMatchObject({ pending: 1, deadLetters: 2 });
      // Each state read up to the cap: one job of each state at most.
      const capped = await syncQueueFigures(sync, 1);
      expect(capped.get('zoom')?.deadLetters).toBe(1);
    } finally {
      await worker.close(true);
    }
  });
});
