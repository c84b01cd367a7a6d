import type { Queue } from 'bullmq';
import type { SyncJob } from '../../src/queue/index.js';
import { enqueueLive, objectKey, type RetryPolicy } from './enqueue.js';

// The live jobs that this process's event jobs and sync jobs queue within one turn of the event
// loop go to Redis in one pipeline. BullMQ's addBulk runs each job's own add script, with its own
// deduplication, one after another in the order given (workers/sync/enqueue.ts), so sharing the
// pipeline changes nothing about which jobs exist; it saves the client-side cost of a pipeline per
// caller: an addBulk of one live job costs ~80 µs of CPU, a job in an addBulk of 8 or 32 ~28 µs
// (bench/sync-adds.ts), and the engine queues ~3 live jobs per membership (bench/sync.ts). A
// caller's promise settles once the pipeline holding its jobs has been answered, so an event job
// still completes only after its sync jobs are in Redis, and a sync job only after its follow-ups.

/** Jobs per pipeline: bounds the size of one Redis write and of one answer. */
const MAX_JOBS = 500;

/**
 * One job per object: two adds of one deduplication id back to back in a pipeline leave what the
 * later one alone would (the job made or kept by the first absorbs the second; a user's debounce
 * restarts from the later one), so the earlier is not sent.
 */
function distinct(jobs: SyncJob[]): SyncJob[] {
  const byObject = new Map<string, SyncJob>();
  for (const job of jobs) {
    const key = objectKey(job);
    byObject.delete(key);
    byObject.set(key, job);
  }
  return [...byObject.values()];
}

export type LiveEnqueue = (jobs: SyncJob[]) => Promise<void>;

interface Batch {
  jobs: SyncJob[];
  settle: Array<(error?: unknown) => void>;
  sent: boolean;
}

export function createLiveBatcher(queue: Queue<SyncJob>, coalesceMs: number, retry: RetryPolicy): LiveEnqueue {
  let open: Batch | undefined;
  const send = (batch: Batch) => {
    if (batch.sent) return;
    batch.sent = true;
    if (open === batch) open = undefined;
    enqueueLive(queue, distinct(batch.jobs), coalesceMs, retry).then(
      () => {
        for (const settle of batch.settle) settle();
      },
      (error: unknown) => {
        for (const settle of batch.settle) settle(error ?? new Error('live jobs not queued'));
      },
    );
  };
  return (jobs) => {
    if (jobs.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (!open) {
        const batch: Batch = { jobs: [], settle: [], sent: false };
        open = batch;
        setImmediate(() => send(batch));
      }
      open.jobs.push(...jobs);
      open.settle.push((error) => (error === undefined ? resolve() : reject(error)));
      if (open.jobs.length >= MAX_JOBS) send(open);
    });
  };
}
