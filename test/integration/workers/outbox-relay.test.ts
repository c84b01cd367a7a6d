import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxDoc } from '../../../src/audit/index.js';
import { createLogger } from '../../../src/logging/index.js';
import type { EventJob } from '../../../src/queue/index.js';
import { createOutboxRelay } from '../../../workers/index.js';
import { jobsWaiting } from '../../helpers/queue-events.js';
import { tempDirectory } from '../../helpers/store.js';

describe('outbox relay (real Redis, real BullMQ)', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  let connection: Redis;
  let queue: Queue<EventJob>;
  let prefix: string;

  beforeEach(async () => {
    deps = await tempDirectory();
    connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    prefix = `roster-test:${randomUUID()}`;
    queue = new Queue<EventJob>('roster-events', { connection, prefix });
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await deps.close();
  });

  async function commitEvents(count: number): Promise<void> {
    await deps.store.withTransaction((tx) =>
      deps.recorder.record(tx, 'acme', {
        events: Array.from({ length: count }, (_, i) => ({ type: 'user.created' as const, subject: `user-${i}` })),
      }),
    );
  }

  it('moves committed events into the queue in order, with the event id as the job id', async () => {
    await commitEvents(3);
    const relay = createOutboxRelay({ store: deps.store, queue, logger: createLogger('silent') });
    expect(await relay.relayOnce()).toBe(3);
    const jobs = await queue.getWaiting();
    const events = await deps.store.collection<OutboxDoc>('outbox').find({}, { sort: { seq: 1 } });
    expect(jobs.map((j) => j.id).sort()).toEqual(events.map((e) => e._id).sort());
    expect(jobs.map((j) => j.data.subject).sort()).toEqual(['user-0', 'user-1', 'user-2']);
    expect(events.every((e) => e.relayed)).toBe(true);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('creates no duplicate job when a crash makes it send the same events again', async () => {
    await commitEvents(5);
    const relay = createOutboxRelay({ store: deps.store, queue, logger: createLogger('silent') });
    await relay.relayOnce();
    // As if the relay had died after adding the jobs and before marking the events relayed.
    await deps.store.collection('outbox').updateMany({}, { $set: { relayed: false } });
    expect(await relay.relayOnce()).toBe(5);
    expect(await queue.count()).toBe(5);
  });

  it('relays in the background until stopped', async () => {
    const relay = createOutboxRelay({ store: deps.store, queue, logger: createLogger('silent'), idleMs: 10 });
    relay.start();
    await commitEvents(2);
    await jobsWaiting('roster-events', prefix, 2);
    await relay.stop();
    expect(await queue.count()).toBe(2);
  });
});
