import type { Queue } from 'bullmq';
import type { ConnectorRouteDeps } from '../../src/authz/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import type { Runtime } from '../../src/runtime.js';
import { connectorCatalogue } from './engine-deps.js';

// The dead-letter set is BullMQ's failed set of `roster-sync`; a replay retries each job, which
// reads the then-current desired state like any other (a replay never applies an old change).

export async function replayFailed(
  queue: Queue<SyncJob>,
  match: { tenantId?: string; connectorId?: string } = {},
): Promise<number> {
  let replayed = 0;
  for (const job of await queue.getFailed(0, -1)) {
    if (match.tenantId && job.data.tenantId !== match.tenantId) continue;
    if (match.connectorId && job.data.connectorId !== match.connectorId) continue;
    await job.retry('failed');
    replayed++;
  }
  return replayed;
}

/** What the admin API's connector routes need, from the runtime (src/authz/connector-routes.ts). */
export function connectorRouteDeps(runtime: Pick<Runtime, 'secretBox' | 'queues'>): ConnectorRouteDeps {
  return {
    catalogue: connectorCatalogue,
    secretBox: () => runtime.secretBox(),
    replayFailed: (tenantId, connectorId) => replayFailed(runtime.queues.sync, { tenantId, connectorId }),
  };
}
