import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { queueStatus } from './queue-status.js';

// Per-queue depth, lag and failures on /metrics, read from BullMQ (getJobCounts) at scrape time,
// so every API process reports the queues whichever process works them.

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export function registerQueueMetrics(registry: Registry, queues: () => Queue[]): void {
  const oldest = new Gauge({
    name: 'roster_queue_oldest_waiting_seconds',
    help: 'Seconds the oldest waiting job of a queue has waited (0: nothing waits)',
    labelNames: ['queue'],
    registers: [],
  });
  // Registered first, so its collect() fills the lag gauge before the registry reads it.
  new Gauge({
    name: 'roster_queue_jobs',
    help: 'Jobs per queue and state (failed: dead letters, kept for retry from the queue view)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      oldest.reset();
      for (const status of await Promise.all(queues().map((q) => queueStatus(q)))) {
        for (const state of STATES) this.set({ queue: status.name, state }, status[state]);
        oldest.set({ queue: status.name }, status.oldestWaitingSeconds);
      }
    },
  });
  registry.registerMetric(oldest);
}
