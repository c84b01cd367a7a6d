import type { Actor } from '../audit/index.js';
import {
  approveDeletes,
  getConnector,
  retryDeadLetters,
  resumeConnector,
  type ConnectorDoc,
} from '../connectors/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { OpsActions } from './ops-actions.js';

// The console's connector buttons. Resume and approve are domain calls that audit themselves
// (connector.resumed, connector.deletes_approved) with the operator as actor; retry and full
// resync act on the sync queue, so the workers side provides them (workers/ops-console.ts, wired
// by the composition root) — the retry is audited here, the full sync by planFullSync itself
// (sync.full_started with the actor it is given).

/** What the console needs from the sync engine; src/cli/server-commands.ts passes it to serve. */
export interface ConsoleSyncDeps {
  /** Replays the connector's dead-lettered jobs; answers how many. */
  replayFailed(tenantId: string, connectorId: string): Promise<number>;
  /** Re-plans every user and group of the connector (workers/sync/full-sync.ts). */
  fullSync(doc: ConnectorDoc, actor: Actor): Promise<{ runId: string; total: number; held: number }>;
}

function engine(sync: ConsoleSyncDeps | undefined): ConsoleSyncDeps {
  if (!sync) throw new RosterError('unavailable', 'this server has no sync engine wired to the console');
  return sync;
}

/** A paused or quarantined connector skips its jobs (workers/sync/process-job.ts): resuming it is the remedy. */
async function activeConnector(deps: DomainDeps, tenantId: string, id: string): Promise<ConnectorDoc> {
  const doc = await getConnector(deps, tenantId, id);
  if (doc.state.status !== 'active')
    throw new RosterError('conflict', `connector ${doc.name} is ${doc.state.status}: resume it first`);
  return doc;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function connectorActions(deps: DomainDeps, sync?: ConsoleSyncDeps): OpsActions {
  return {
    'connector-resume': async ({ tenantId, id, actor }) => {
      const doc = await resumeConnector(deps, tenantId, id, actor);
      return `connector ${doc.name} resumed; a full sync catches up what it skipped`;
    },
    'connector-approve-deletes': async ({ tenantId, id, actor }) => {
      const { connector, userIds } = await approveDeletes(deps, tenantId, id, actor);
      const approved = plural(userIds.length, 'held deprovision');
      return `connector ${connector.name}: ${approved} approved; the workers apply them`;
    },
    'connector-retry': async ({ tenantId, id, actor }) => {
      const doc = await activeConnector(deps, tenantId, id);
      const replayed = await retryDeadLetters(deps, doc, actor, engine(sync).replayFailed);
      return `connector ${doc.name}: ${plural(replayed, 'dead letter')} queued again`;
    },
    'connector-full-sync': async ({ tenantId, id, actor }) => {
      const doc = await activeConnector(deps, tenantId, id);
      const run = await engine(sync).fullSync(doc, actor);
      return `connector ${doc.name}: full sync ${run.runId.slice(0, 8)} queued, ${plural(run.total, 'object')}`;
    },
  };
}
