import type { Queue } from 'bullmq';

// Queue depth and lag as the on-call engineer reads them: how many jobs wait, how many failed
// for good (the dead letters), and how old the oldest waiting job is.

export interface QueueStatus {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Seconds since the oldest waiting job was added; 0 when nothing waits. */
  oldestWaitingSeconds: number;
}

export async function queueStatus(queue: Queue, now = Date.now()): Promise<QueueStatus> {
  const [counts, oldest] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
    queue.getJobs(['waiting', 'prioritized'], 0, 0, true),
  ]);
  const first = oldest.find(Boolean);
  return {
    name: queue.name,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
    oldestWaitingSeconds: first ? Math.max(0, Math.round((now - first.timestamp) / 1000)) : 0,
  };
}
