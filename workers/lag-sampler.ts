import type { Queue } from 'bullmq';
import { siemStreamMetrics } from '../src/siem-streams/index.js';
import { recordLagPoint } from '../src/status/index.js';
import { listTenants } from '../src/tenants/index.js';
import type { WorkerDeps } from './index.js';

// Every interval, one point per tenant for the ops console's 24 h chart (src/status/lag-series.ts):
// the SIEM lag (the most lagging of the tenant's streams) and the sync lag: the age of the
// tenant's oldest job waiting on the queues, or its most lagging connector's (`connectorLag`,
// which also counts jobs delayed by a retry or a target's Retry-After), whichever is older.
// With N worker processes a Redis slot lock lets one of them sample.

/** How many of each queue's oldest waiting jobs are read to find each tenant's oldest. */
const SCAN = 1000;

export interface LagSamplerOptions {
  intervalMs: number;
  /** Seconds the tenant's most lagging connector is behind at `now` (workers/ops-console.ts). */
  connectorLag?: (tenantId: string, now: number) => Promise<number>;
  now?: () => number;
}

/** Seconds the oldest waiting job of each tenant has waited, across the queues. */
export async function oldestWaitingByTenant(queues: Queue[], now: number): Promise<Map<string, number>> {
  const ages = new Map<string, number>();
  for (const queue of queues) {
    const jobs = await queue.getJobs(['waiting', 'prioritized'], 0, SCAN - 1, true);
    for (const job of jobs) {
      const tenantId = (job?.data as { tenantId?: unknown } | undefined)?.tenantId;
      if (typeof tenantId !== 'string') continue;
      const age = Math.max(0, (now - job.timestamp) / 1000);
      ages.set(tenantId, Math.max(ages.get(tenantId) ?? 0, age));
    }
  }
  return ages;
}

export async function sampleLag(deps: WorkerDeps, options: LagSamplerOptions): Promise<number> {
  const now = options.now?.() ?? Date.now();
  const [tenants, waiting, streams] = await Promise.all([
    listTenants(deps),
    oldestWaitingByTenant(deps.queues.all(), now),
    siemStreamMetrics(deps.store, undefined, new Date(now)),
  ]);
  for (const tenant of tenants) {
    const siem = Math.max(0, ...streams.filter((s) => s.tenantId === tenant._id).map((s) => s.lagSeconds));
    const connectors = (await options.connectorLag?.(tenant._id, now)) ?? 0;
    const sync = Math.max(waiting.get(tenant._id) ?? 0, connectors);
    await recordLagPoint(deps.redis, tenant._id, { t: now, sync: Math.round(sync), siem: Math.round(siem) });
  }
  return tenants.length;
}

export function startLagSampler(deps: WorkerDeps, options: LagSamplerOptions): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    const now = options.now?.() ?? Date.now();
    const slot = Math.floor(now / options.intervalMs);
    const mine = await deps.redis.set(`ops:lag-sample:${slot}`, '1', 'PX', options.intervalMs * 2, 'NX');
    if (mine) await sampleLag(deps, { ...options, now: () => now });
  };
  const run = () => {
    running = tick().catch((err: Error) => deps.logger.warn({ err: err.message }, 'lag sample failed'));
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
