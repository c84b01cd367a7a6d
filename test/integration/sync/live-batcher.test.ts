import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncJob } from '../../../src/queue/index.js';
import { createLiveBatcher } from '../../../workers/sync/live-batcher.js';

// Live jobs queued by several callers at one moment share a pipeline (workers/sync/live-batcher.ts):
// each caller still learns that its jobs are in Redis, or that they are not.

const retry = { attempts: 3, backoffMs: 100 };
const job = (objectId: string, kind: SyncJob['kind'] = 'user'): SyncJob => ({
  tenantId: 't',
  connectorId: 'c',
  kind,
  objectId,
  mode: 'live',
});

describe('live job batcher (real Redis, real BullMQ)', () => {
  let connection: Redis;
  let queue: Queue<SyncJob>;

  beforeEach(() => {
    connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    queue = new Queue<SyncJob>('roster-sync', { connection, prefix: `roster-test:${randomUUID()}` });
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  });

  it("settles each caller's promise once its jobs are in the queue", async () => {
    const enqueue = createLiveBatcher(queue, 60_000, retry);
    await Promise.all([enqueue([job('a'), job('g', 'group')]), enqueue([job('b')])]);
    const delayed = await queue.getDelayed();
    expect(delayed.map((j) => `${j.data.kind}:${j.data.objectId}`).sort()).toEqual(['group:g', 'user:a', 'user:b']);
  });

  it('queues one job per object when callers of the same moment name the same object', async () => {
    const enqueue = createLiveBatcher(queue, 60_000, retry);
    await Promise.all([enqueue([job('g', 'group'), job('a')]), enqueue([job('g', 'group')]), enqueue([job('a')])]);
    expect(await queue.getDelayedCount()).toBe(2);
    // A later moment still folds into the waiting job, as BullMQ's deduplication did before.
    await enqueue([job('g', 'group')]);
    expect(await queue.getDelayedCount()).toBe(2);
  });

  it('fails every caller whose jobs did not reach Redis', async () => {
    const enqueue = createLiveBatcher(queue, 60_000, retry);
    connection.disconnect();
    const outcomes = await Promise.allSettled([enqueue([job('a')]), enqueue([job('b')])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await connection.connect();
  });
});
