import type { Job, Queue } from 'bullmq';
import type { SyncJob } from '../queue/index.js';
import type { ConnectorQueueFigures } from '../status/index.js';

// Per-connector figures of the `roster-sync` queue for the console rows and /metrics: pending
// jobs, the oldest one's enqueue time (the connector's lag) and the dead letters (the failed set,
// which `roster sync retry-failed` and the console's Retry replay). BullMQ keeps no per-connector
// counts, so the jobs are read and grouped by their data; each state is read up to SCAN_CAP jobs,
// which bounds a scrape during a large backfill (the counts then read "at least").

export const SCAN_CAP = 10_000;

const PENDING = ['waiting', 'prioritized', 'delayed', 'active'] as const;

function figuresOf(map: Map<string, ConnectorQueueFigures>, connectorId: string): ConnectorQueueFigures {
  let figures = map.get(connectorId);
  if (!figures) map.set(connectorId, (figures = { pending: 0, deadLetters: 0 }));
  return figures;
}

export async function syncQueueFigures(
  queue: Queue<SyncJob>,
  cap = SCAN_CAP,
): Promise<Map<string, ConnectorQueueFigures>> {
  const [pending, failed] = await Promise.all([
    queue.getJobs([...PENDING], 0, cap - 1, true) as Promise<Array<Job<SyncJob> | undefined>>,
    queue.getJobs(['failed'], 0, cap - 1, true) as Promise<Array<Job<SyncJob> | undefined>>,
  ]);
  const map = new Map<string, ConnectorQueueFigures>();
  // A job removed between the id read and the data read comes back empty.
  for (const job of pending) {
    if (!job?.data?.connectorId) continue;
    const figures = figuresOf(map, job.data.connectorId);
    figures.pending++;
    if (!figures.oldestPendingAt || job.timestamp < figures.oldestPendingAt) figures.oldestPendingAt = job.timestamp;
  }
  for (const job of failed) if (job?.data?.connectorId) figuresOf(map, job.data.connectorId).deadLetters++;
  return map;
}
