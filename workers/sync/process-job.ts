import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { clearFailures } from '../../src/connectors/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import type { ConnectorCache } from './connector-cache.js';
import { isConnectorError, type ConnectorError } from './connectors/index.js';
import type { SyncDeps } from './engine-deps.js';
import { objectKey } from './enqueue.js';
import { deadLetter, noteError } from './failures.js';
import { countRunOutcome } from './full-sync.js';
import { GROUP_STEPS, type GroupContext } from './group-steps.js';
import { newContext, runSteps, type Outcome } from './job-context.js';
import { enterObject, releaseObjectLock } from './object-lock.js';
import { holdConnector } from './rate-gate.js';
import { USER_STEPS, type UserContext } from './user-steps.js';

// One sync job: connector usable? → its Retry-After passed? → the object's lock → the steps
// (workers/sync/user-steps.ts, group-steps.ts) → follow-ups. Failures are sorted by the
// connector's error class (workers/sync/connectors/README.md).

export interface JobResult {
  outcome: Outcome;
  calls: string[];
  plan?: unknown;
}

const LOCK_RETRY_MS = 100;

async function delay(job: Job<SyncJob>, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.ceil(ms), token);
  throw new DelayedError();
}

export async function runJob(
  deps: SyncDeps,
  cache: ConnectorCache,
  data: SyncJob,
  /** The BullMQ job's id and creation time; a fresh one for an on-demand run (`roster sync user`). */
  jobKey: string = `now-${randomUUID()}`,
): Promise<{ result: JobResult; ctx?: UserContext | GroupContext }> {
  const loaded = await cache.load(data.tenantId, data.connectorId);
  // Paused or quarantined: skipped; resuming starts a full sync that catches up (workers/sync/events.ts).
  if (loaded?.doc.state.status !== 'active') return { result: { outcome: 'skipped', calls: [] } };
  const ctx = newContext(deps, data, loaded.doc, loaded.connector, jobKey);
  if (data.kind === 'user') await runSteps(USER_STEPS, ctx as UserContext);
  else await runSteps(GROUP_STEPS, ctx as GroupContext);
  await deps.enqueueLive(ctx.followUps);
  if (ctx.calls.length) await clearFailures(deps.domain, loaded.doc);
  return { result: { outcome: ctx.outcome ?? 'unchanged', calls: ctx.calls }, ctx: ctx as UserContext | GroupContext };
}

export function createProcessor(deps: SyncDeps, cache: ConnectorCache) {
  const lockTtl = Math.max(60_000, deps.settings.stalledMs * 2);
  return async function process(job: Job<SyncJob>, token?: string): Promise<JobResult> {
    const key = objectKey(job.data);
    const entry = await enterObject(deps.redis, job.data.connectorId, key, String(job.id), lockTtl);
    if ('wait' in entry) return delay(job, token, entry.wait);
    if (!entry.locked) return delay(job, token, LOCK_RETRY_MS + Math.random() * LOCK_RETRY_MS);
    try {
      const { result } = await runJob(deps, cache, job.data, `${job.id}@${job.timestamp}`);
      if (job.data.runId) await countRunOutcome(deps, job.data.runId, result.outcome);
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      return await onFailure(deps, cache, job, token, err as Error);
    } finally {
      await releaseObjectLock(deps.redis, key, String(job.id));
    }
  };
}

async function onFailure(
  deps: SyncDeps,
  cache: ConnectorCache,
  job: Job<SyncJob>,
  token: string | undefined,
  err: Error & Partial<ConnectorError>,
): Promise<never> {
  const klass = isConnectorError(err) ? err.class : 'transient';
  if (klass === 'rate_limited') {
    // Retry-After (RFC 9110 §10.2.3) applies to the whole target, so every job of this connector waits.
    const ms = err.retryAfterMs ?? 60_000;
    await holdConnector(deps.redis, job.data.connectorId, ms);
    return delay(job, token, ms);
  }
  if (klass === 'transient' && err.retryAfterMs)
    await holdConnector(deps.redis, job.data.connectorId, err.retryAfterMs);
  await noteError(deps, job, err);
  const final = klass !== 'transient' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (final) {
    const loaded = await cache.load(job.data.tenantId, job.data.connectorId);
    if (loaded) await deadLetter(deps, loaded.doc, job, err);
    if (job.data.runId) await countRunOutcome(deps, job.data.runId, 'failed');
  }
  if (klass !== 'transient') throw new UnrecoverableError(`${klass}: ${err.message}`);
  throw err;
}
