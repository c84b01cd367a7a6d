import { Worker } from 'bullmq';
import { bullPrefix, QUEUE_NAMES, type SyncJob } from '../../src/queue/index.js';
import type { Runtime } from '../../src/runtime.js';
import { createConnectorCache } from './connector-cache.js';
import type { SyncDeps } from './engine-deps.js';
import { startEventConsumer } from './events.js';
import { createLiveBatcher } from './live-batcher.js';
import { createProcessor } from './process-job.js';
import { startProbe } from './quarantine-probe.js';

// The sync engine: the `roster-events` consumer that fans out, the `roster-sync` workers that
// apply, and the quarantine probe. Any number of processes may run it at once: deduplication and
// the object lock keep one job per object at a time, BullMQ's locks hand a crashed worker's jobs on.

export { connectorCatalogue, type SyncDeps } from './engine-deps.js';
export { createConnector } from './connectors/index.js';
export { planFullSync, runProgress, type PlannedRun, type RunProgress } from './full-sync.js';
export { runJob, type JobResult } from './process-job.js';
export { createConnectorCache } from './connector-cache.js';
export { probeDue } from './quarantine-probe.js';
export { connectorRouteDeps, replayFailed } from './replay.js';

/**
 * Lets running jobs finish, but not forever: with Redis gone a graceful close never returns, and
 * an unfinished job is taken over by another worker anyway (stalled-job recovery).
 */
async function closeWithin(worker: Worker, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = worker.close();
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([graceful.then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') await Promise.race([worker.close(true), new Promise((resolve) => setTimeout(resolve, 1000))]);
}

export type SyncRuntime = Pick<
  Runtime,
  'config' | 'logger' | 'store' | 'recorder' | 'queues' | 'bullConnection' | 'redis' | 'domain' | 'secretBox'
>;

export async function syncDepsOf(runtime: SyncRuntime): Promise<SyncDeps> {
  const settings = runtime.config.sync;
  return {
    domain: runtime.domain,
    logger: runtime.logger,
    redis: runtime.redis,
    queue: runtime.queues.sync,
    enqueueLive: createLiveBatcher(runtime.queues.sync, settings.coalesceMs, settings),
    box: await runtime.secretBox(),
    settings,
  };
}

export async function startSync(runtime: SyncRuntime): Promise<{ stop(): Promise<void> }> {
  const deps = await syncDepsOf(runtime);
  const prefix = bullPrefix(runtime.config.redis.prefix);
  const cache = createConnectorCache(deps);
  const events = startEventConsumer(deps, runtime.bullConnection, prefix);
  const sync = new Worker<SyncJob>(QUEUE_NAMES.sync, createProcessor(deps, cache), {
    connection: runtime.bullConnection,
    prefix,
    concurrency: deps.settings.concurrency,
    lockDuration: deps.settings.stalledMs,
    stalledInterval: deps.settings.stalledMs,
  });
  sync.on('error', (err) => deps.logger.warn({ err: err.message }, 'sync worker problem'));
  // Queues report lost connections as 'error' events; unheard, they would be printed raw.
  for (const queue of runtime.queues.all())
    if (queue.listenerCount('error') === 0)
      queue.on('error', (err) => deps.logger.warn({ err: err.message, queue: queue.name }, 'queue connection problem'));
  const probe = startProbe(deps);
  return {
    async stop() {
      probe.stop();
      await Promise.all([
        closeWithin(events, runtime.config.shutdownTimeoutMs),
        closeWithin(sync, runtime.config.shutdownTimeoutMs),
      ]);
      await cache.close();
    },
  };
}
