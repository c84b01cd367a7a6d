import type { Runtime } from '../src/runtime.js';
import { createOutboxRelay } from './outbox-relay.js';
import { startSync } from './sync/index.js';

export { createOutboxRelay, type OutboxRelay } from './outbox-relay.js';

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
  const relay = createOutboxRelay({ store: deps.store, queue: deps.queues.events, logger: deps.logger });
  relay.start();
  deps.logger.info({ queue: deps.queues.events.name }, 'outbox relay started');
  const sync = await startSync(deps);
  deps.logger.info({ queue: deps.queues.sync.name }, 'sync workers started');
  return {
    async stop() {
      await relay.stop();
      await sync.stop();
    },
  };
}
