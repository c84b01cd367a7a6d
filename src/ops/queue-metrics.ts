import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { queueStatus, type QueueStatus } from './queue-status.js';
import { onePerScrape } from './scraped-gauges.js';

// Per-queue depth, lag and failures on /metrics, read from BullMQ (getJobCounts) at scrape time,
// so every API process reports the queues whichever process works them. The registry collects
// its families concurrently, so both gauges share one read of the queues per scrape (scraped-gauges.ts).

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export function registerQueueMetrics(registry: Registry, queues: () => Queue[]): void {
  const read = onePerScrape((): Promise<QueueStatus[]> => Promise.all(queues().map((q) => queueStatus(q))));
  new Gauge({
    name: 'roster_queue_jobs',
    help: 'Jobs per queue and state (failed: dead letters, kept for retry from the queue view)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const statuses = await read();
      this.reset();
      for (const status of statuses) for (const state of STATES) this.set({ queue: status.name, state }, status[state]);
    },
  });
  new Gauge({
    name: 'roster_queue_oldest_waiting_seconds',
    help: 'Seconds the oldest waiting job of a queue has waited (0: nothing waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const statuses = await read();
      this.reset();
      for (const status of statuses) this.set({ queue: status.name }, status.oldestWaitingSeconds);
    },
  });
}
