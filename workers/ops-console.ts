import { listConnectors } from '../src/connectors/index.js';
import { syncQueueFigures, type ConsoleSyncDeps } from '../src/ops/index.js';
import type { Queues } from '../src/queue/index.js';
import { lagSecondsOf } from '../src/status/index.js';
import type { Store } from '../src/store/index.js';
import { planFullSync, replayFailed, syncDepsOf, type SyncRuntime } from './sync/index.js';

// The workers' side of the ops console: the engine calls behind the connector buttons
// (src/ops/connector-actions.ts), which `roster serve` gets from the CLI
// (src/cli/server-commands.ts) since src/ reaches workers/ only from there, and each tenant's
// connector lag for the 24 h chart (workers/lag-sampler.ts).

export function opsSyncDeps(runtime: SyncRuntime): ConsoleSyncDeps {
  // The engine's deps open the secret box, so they are built on first use.
  let deps: ReturnType<typeof syncDepsOf> | undefined;
  return {
    replayFailed: (tenantId, connectorId) => replayFailed(runtime.queues.sync, { tenantId, connectorId }),
    fullSync: async (doc, actor) => planFullSync(await (deps ??= syncDepsOf(runtime)), doc, actor),
  };
}

/** Seconds the tenant's most lagging connector is behind; one read of the sync queue per sample. */
export function connectorLag(deps: { store: Store; queues: Pick<Queues, 'sync'> }) {
  let sample: { now: number; figures: ReturnType<typeof syncQueueFigures> } | undefined;
  return async (tenantId: string, now: number): Promise<number> => {
    if (sample?.now !== now) sample = { now, figures: syncQueueFigures(deps.queues.sync) };
    const [docs, figures] = await Promise.all([listConnectors(deps, tenantId), sample.figures]);
    return Math.max(0, ...docs.map((doc) => lagSecondsOf(figures.get(doc._id), now)));
  };
}
