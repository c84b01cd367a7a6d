import type { JobsOptions, Queue } from 'bullmq';
import type { SyncJob } from '../../src/queue/index.js';

// How sync jobs enter the queue.
// Live changes: one deduplication id per (connector, object) with BullMQ's `keepLastIfActive`
// (docs/gitbook/guide/jobs/deduplication.md): while a job for the object waits, later changes are
// folded into it; while it runs, one follow-up is kept and started when it finishes, so a change
// that lands mid-run is still applied and two jobs of one object never run at once. A user's job
// is debounced (`reschedule`: each change restarts its short delay), so a burst of changes to one
// user (50 in a second) becomes one call. A group's job is not: its first change opens the
// window and the changes within it join the same job, so a group whose members keep changing
// (a steady stream of joiners) still gets a PATCH at least every window, carrying every member
// change since the last, instead of being pushed back for as long as the stream lasts.
// Full-sync jobs run at a lower priority (a larger number), so a live change of any tenant goes
// ahead of every waiting full-sync job (fairness: a tenant's backfill never starves another's
// single change). Job ids must not contain ':' (BullMQ 6), hence '|'-free, '-'-joined ids.

export const LIVE_PRIORITY = 1;
export const FULL_PRIORITY = 100;

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * Transient failures: exponential backoff with 50% jitter, so a target coming back is not hit by every retry at
 * once.
 */
const retryOptions = (retry: RetryPolicy): JobsOptions => ({
  attempts: retry.attempts,
  backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
});

export const objectKey = (job: Pick<SyncJob, 'connectorId' | 'kind' | 'objectId'>) =>
  `${job.connectorId}-${job.kind}-${job.objectId}`;

export function liveJobOptions(job: SyncJob, coalesceMs: number, retry: RetryPolicy): JobsOptions {
  return {
    ...retryOptions(retry),
    priority: LIVE_PRIORITY,
    delay: coalesceMs,
    deduplication: { id: objectKey(job), keepLastIfActive: true, reschedule: coalesceMs > 0 && job.kind === 'user' },
  };
}

export async function enqueueLive(
  queue: Queue<SyncJob>,
  jobs: SyncJob[],
  coalesceMs: number,
  retry: RetryPolicy,
): Promise<void> {
  // One pipeline for the lot (one write to Redis instead of one per job): BullMQ 6.7's addBulk
  // runs each job's own add script with its own options, deduplication included
  // (Job.createBulk → addJobToTransaction).
  if (jobs.length === 0) return;
  await queue.addBulk(jobs.map((job) => ({ name: job.kind, data: job, opts: liveJobOptions(job, coalesceMs, retry) })));
}

export async function enqueueFull(queue: Queue<SyncJob>, jobs: SyncJob[], retry: RetryPolicy): Promise<void> {
  for (let i = 0; i < jobs.length; i += 1000) {
    const slice = jobs.slice(i, i + 1000);
    await queue.addBulk(
      slice.map((job) => ({
        name: job.kind,
        data: job,
        opts: { ...retryOptions(retry), priority: FULL_PRIORITY, jobId: `full-${job.runId}-${objectKey(job)}` },
      })),
    );
  }
}

/** Released deprovisions: their own ids, so a second approval of the same user is ignored while one waits. */
export async function enqueueApproved(queue: Queue<SyncJob>, jobs: SyncJob[], retry: RetryPolicy): Promise<void> {
  await queue.addBulk(
    jobs.map((job) => ({
      name: job.kind,
      data: job,
      opts: { ...retryOptions(retry), priority: LIVE_PRIORITY, jobId: `approved-${objectKey(job)}-${Date.now()}` },
    })),
  );
}
