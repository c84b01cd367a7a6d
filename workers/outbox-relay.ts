import type { Queue } from 'bullmq';
import type { OutboxDoc } from '../src/audit/index.js';
import type { Logger } from '../src/logging/index.js';
import type { EventJob } from '../src/queue/index.js';
import type { Store } from '../src/store/index.js';

export interface RelayOptions {
  store: Store;
  queue: Queue<EventJob>;
  logger: Logger;
  batchSize?: number;
  /** How long to wait before looking again when the outbox was empty. */
  idleMs?: number;
}

export interface OutboxRelay {
  /** Moves one batch; returns how many events it relayed. */
  relayOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

function toJob(event: OutboxDoc) {
  const data: EventJob = {
    eventId: event._id,
    tenantId: event.tenantId,
    type: event.type,
    subject: event.subject,
    payload: event.payload,
    createdAt: event.createdAt,
    seq: event.seq,
  };
  // The job id is the event id: if the relay dies after adding and before marking, the resend
  // is ignored by BullMQ instead of creating duplicate work (docs/architecture.md, Data flow 3).
  return { name: event.type, data, opts: { jobId: event._id } };
}

/** Polls the outbox for committed, unrelayed events, oldest first, and adds them to BullMQ. */
export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 500;
  const idleMs = options.idleMs ?? 250;
  const outbox = options.store.collection<OutboxDoc>('outbox');
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function relayOnce(): Promise<number> {
    const batch = await outbox.find({ relayed: false }, { sort: { seq: 1 }, limit: batchSize });
    if (batch.length === 0) return 0;
    await options.queue.addBulk(batch.map(toJob));
    await outbox.updateMany(
      { _id: { $in: batch.map((e) => e._id) } },
      { $set: { relayed: true, relayedAt: new Date().toISOString() } },
    );
    return batch.length;
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        const moved = await relayOnce();
        if (moved === batchSize) continue;
      } catch (err) {
        options.logger.error({ err }, 'outbox relay failed; retrying');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, idleMs).unref();
      });
    }
  }

  return {
    relayOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
