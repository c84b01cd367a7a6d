import type { ConsoleSyncDeps } from '../src/ops/index.js';
import { planFullSync, replayFailed, syncDepsOf, type SyncRuntime } from './sync/index.js';

// The sync engine's side of the ops console's connector buttons (src/ops/connector-actions.ts):
// `roster serve` gets it from the CLI (src/cli/server-commands.ts), since src/ reaches workers/
// only from there. The engine's deps open the secret box, so they are built on first use.

export function opsSyncDeps(runtime: SyncRuntime): ConsoleSyncDeps {
  let deps: ReturnType<typeof syncDepsOf> | undefined;
  return {
    replayFailed: (tenantId, connectorId) => replayFailed(runtime.queues.sync, { tenantId, connectorId }),
    fullSync: async (doc, actor) => planFullSync(await (deps ??= syncDepsOf(runtime)), doc, actor),
  };
}
