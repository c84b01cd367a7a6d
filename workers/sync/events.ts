import { Worker, type Job } from 'bullmq';
import { getConnector } from '../../src/connectors/index.js';
import { QUEUE_NAMES, type EventJob } from '../../src/queue/index.js';
import type { Redis } from '../../src/redis/index.js';
import type { SyncDeps } from './engine-deps.js';
import { enqueueApproved } from './enqueue.js';
import { createConnectorLister, isDirectoryEvent, jobsFor } from './fan-out.js';
import { planFullSync } from './full-sync.js';

// The consumer of `roster-events` (filled by workers/outbox-relay.ts): directory events fan out
// to sync jobs; connector events start what they promise: a new or resumed connector gets a full
// sync (Entra's initial cycle), approved deletions are applied.

type Reaction = (deps: SyncDeps, event: EventJob) => Promise<void>;

const fullSync: Reaction = async (deps, event) => {
  const doc = await getConnector(deps.domain, event.tenantId, event.subject).catch(() => null);
  if (doc && doc.state.status === 'active') await planFullSync(deps, doc);
};

const approved: Reaction = async (deps, event) => {
  const userIds = (event.payload.userIds as string[] | undefined) ?? [];
  // The guard's window starts again: the operator has looked at this wave.
  await deps.redis.del(`sync:deletes:${event.subject}`);
  const base = {
    tenantId: event.tenantId,
    connectorId: event.subject,
    mode: 'approved' as const,
    kind: 'user' as const,
  };
  await enqueueApproved(
    deps.queue,
    userIds.map((objectId) => ({ ...base, objectId })),
    deps.settings,
  );
};

const CONNECTOR_REACTIONS: Record<string, Reaction> = {
  'connector.created': fullSync,
  'connector.resumed': fullSync,
  'connector.deletes_approved': approved,
};

export function startEventConsumer(deps: SyncDeps, connection: Redis, prefix: string): Worker<EventJob> {
  const connectorsOf = createConnectorLister(deps.domain);
  const worker = new Worker<EventJob>(
    QUEUE_NAMES.events,
    async (job: Job<EventJob>) => {
      const event = job.data;
      if (isDirectoryEvent(event.type)) {
        const jobs = jobsFor(event, await connectorsOf(event.tenantId));
        await deps.enqueueLive(jobs);
        return { jobs: jobs.length };
      }
      await CONNECTOR_REACTIONS[event.type]?.(deps, event);
      return { jobs: 0 };
    },
    {
      connection,
      prefix,
      concurrency: 32,
      lockDuration: deps.settings.stalledMs,
      stalledInterval: deps.settings.stalledMs,
    },
  );
  worker.on('error', (err) => deps.logger.warn({ err: err.message }, 'event consumer problem'));
  return worker;
}
