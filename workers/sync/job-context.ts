import type { ConnectorDoc, SyncStateDoc } from '../../src/connectors/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import type { Connector } from './connector.js';
import { withDeliveryIds } from './delivery-ids.js';
import type { SyncDeps } from './engine-deps.js';

// What the steps of one sync job share. A step reads and fills the context; setting `outcome`
// ends the flow early (nothing to do, held, skipped).

export type Outcome = 'created' | 'updated' | 'removed' | 'unchanged' | 'held' | 'skipped' | 'failed';

export interface JobContext<Wish, Plan> {
  deps: SyncDeps;
  job: SyncJob;
  doc: ConnectorDoc;
  connector: Connector;
  wish?: Wish;
  state: SyncStateDoc | null;
  plan?: Plan;
  /** Each downstream call made, e.g. "createUser", for `roster sync user` and the tests. */
  calls: string[];
  outcome?: Outcome;
  /** Follow-up jobs to queue after the state is saved. */
  followUps: SyncJob[];
  /** A connector method, named in `calls`. */
  call<T>(name: string, run: () => Promise<T>): Promise<T>;
}

export type Step<C> = { name: string; run(ctx: C): Promise<void> };

/** Runs the steps in order until one sets the outcome. */
export async function runSteps<C extends { outcome?: Outcome }>(steps: Step<C>[], ctx: C): Promise<C> {
  for (const step of steps) {
    if (ctx.outcome) break;
    await step.run(ctx);
  }
  return ctx;
}

/** `jobKey` names this run of the job for the ids of what it sends (workers/sync/delivery-ids.ts). */
export function newContext<W, P>(
  deps: SyncDeps,
  job: SyncJob,
  doc: ConnectorDoc,
  connector: Connector,
  jobKey: string,
) {
  const ctx: JobContext<W, P> = {
    deps,
    job,
    doc,
    connector: withDeliveryIds(connector, jobKey),
    state: null,
    calls: [],
    followUps: [],
    async call(name, run) {
      ctx.calls.push(name);
      return run();
    },
  };
  return ctx;
}
