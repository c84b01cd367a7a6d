import { startHeartbeat } from '../src/queue/index.js';
import type { Runtime } from '../src/runtime.js';
import { boundHeapGrowth } from './heap.js';
import { startLagSampler } from './lag-sampler.js';
import { connectorLag } from './ops-console.js';
import { createOutboxRelay } from './outbox-relay.js';
import { startSync } from './sync/index.js';
import { createSiemDelivery } from './siem/index.js';

export { boundHeapGrowth } from './heap.js';
export { createOutboxRelay, type OutboxRelay } from './outbox-relay.js';
export { sampleLag, startLagSampler, type LagSamplerOptions } from './lag-sampler.js';
export { connectorLag, opsSyncDeps } from './ops-console.js';

export interface RunningWorkers {
  stop(): Promise<void>;
}

/** What the workers are handed: the composition root's runtime (src/runtime.ts). */
export type WorkerDeps = Pick<
  Runtime,
  'config' | 'logger' | 'store' | 'recorder' | 'queues' | 'bullConnection' | 'redis' | 'domain' | 'secretBox'
>;

/** Starts the outbox relay and the workers that consume its queues. */
export async function startWorkers(deps: WorkerDeps): Promise<RunningWorkers> {
  boundHeapGrowth(deps.config.workerHeapGrowthPercent);
  const relay = createOutboxRelay({ store: deps.store, queue: deps.queues.events, logger: deps.logger });
  relay.start();
  deps.logger.info({ queue: deps.queues.events.name }, 'outbox relay started');
  const sync = await startSync(deps);
  deps.logger.info({ queue: deps.queues.sync.name }, 'sync workers started');
  const heartbeat = startHeartbeat(deps.redis, (err) =>
    deps.logger.warn({ err: err.message }, 'worker heartbeat failed'),
  );
  // SIEM streams: per-stream Redis leases, so N worker processes never ship one stream twice at once.
  const siem = createSiemDelivery(deps);
  siem.start();
  // The ops console's 24 h lag chart (src/ops/lag-chart.ts).
  const lag = startLagSampler(deps, { intervalMs: deps.config.ops.lagSampleMs, connectorLag: connectorLag(deps) });
  return {
    async stop() {
      await Promise.all([heartbeat.stop(), lag.stop()]);
      await Promise.all([relay.stop(), siem.stop()]);
      await sync.stop();
    },
  };
}
