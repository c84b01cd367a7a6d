import { randomUUID } from 'node:crypto';
import {
  exceedsGuard,
  groupInScope,
  holdDeletions,
  listSyncState,
  recordConnector,
  saveFullSyncSummary,
  SYSTEM_ACTOR,
  type ConnectorDoc,
  type FullSyncSummary,
} from '../../src/connectors/index.js';
import type { Actor } from '../../src/audit/index.js';
import type { GroupDoc, UserDoc } from '../../src/people/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import { readUserWish } from './desired-state.js';
import type { SyncDeps } from './engine-deps.js';
import { enqueueFull } from './enqueue.js';
import type { Outcome } from './job-context.js';

// `roster sync full`: every user and group of the tenant, and every object the connector still
// has state for, re-planned as low-priority jobs that read the store when they run (so changes
// streaming in meanwhile are never overwritten by an older plan). Progress and the summary are
// counted in one Redis hash per run; the worker finishing the last job writes the summary.

const runKey = (runId: string) => `sync:run:${runId}`;
const RUN_TTL_S = 7 * 86_400;

export interface PlannedRun {
  runId: string;
  total: number;
  held: number;
}

/** Users the run would deprovision; above the guard they are held instead of queued. */
async function heldByGuard(deps: SyncDeps, doc: ConnectorDoc, userIds: string[], known: Set<string>) {
  const store = deps.domain.store;
  const leaving: string[] = [];
  for (const id of userIds) {
    if (!known.has(id)) continue;
    const wish = await readUserWish(store, doc, id);
    if (!wish.present || !wish.user.active) leaving.push(id);
  }
  return exceedsGuard(doc.deleteGuard, leaving.length, known.size) ? leaving : [];
}

export async function planFullSync(deps: SyncDeps, doc: ConnectorDoc, actor: Actor = SYSTEM_ACTOR) {
  const store = deps.domain.store;
  const tenantId = doc.tenantId;
  const states = await listSyncState(store, tenantId, doc._id);
  const users = await store.collection<UserDoc>('users').find({ tenantId }, { projection: { _id: 1 } });
  const groups = await store.collection<GroupDoc>('groups').find({ tenantId }, { projection: { _id: 1 } });
  const knownUsers = new Set(states.filter((s) => s.kind === 'user' && s.remoteId).map((s) => s.objectId));
  const userIds = [...new Set([...users.map((u) => u._id), ...knownUsers])];
  const groupIds = [
    ...new Set([
      ...groups.map((g) => g._id).filter((id) => groupInScope(doc.scope, id)),
      ...states.filter((s) => s.kind === 'group').map((s) => s.objectId),
    ]),
  ];
  const held = await heldByGuard(deps, doc, userIds, knownUsers);
  if (held.length) await holdDeletions(deps.domain, doc, held, `a full sync would deprovision ${held.length} users`);
  const heldSet = new Set(held);
  const runId = randomUUID();
  const base = { tenantId, connectorId: doc._id, mode: 'full' as const, runId };
  const jobs: SyncJob[] = [
    ...userIds.filter((id) => !heldSet.has(id)).map((objectId) => ({ ...base, kind: 'user' as const, objectId })),
    ...groupIds.map((objectId) => ({ ...base, kind: 'group' as const, objectId })),
  ];
  const summary: FullSyncSummary = {
    runId,
    startedAt: new Date().toISOString(),
    total: jobs.length,
    created: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
    failed: 0,
    held: held.length,
  };
  await deps.redis.hset(runKey(runId), { ...summary, done: 0, connectorId: doc._id, tenantId });
  await deps.redis.expire(runKey(runId), RUN_TTL_S);
  await store.withTransaction((tx) =>
    recordConnector(deps.domain, tx, doc, 'sync.full_started', actor, { runId, total: jobs.length, held: held.length }),
  );
  await saveFullSyncSummary(deps.domain, doc, summary);
  await enqueueFull(deps.queue, jobs, deps.settings);
  if (jobs.length === 0) await finishRun(deps, runId);
  return { runId, total: jobs.length, held: held.length } satisfies PlannedRun;
}

export type RunProgress = FullSyncSummary & { done: number };

export async function runProgress(deps: Pick<SyncDeps, 'redis'>, runId: string): Promise<RunProgress | null> {
  const raw = await deps.redis.hgetall(runKey(runId));
  if (!raw.runId) return null;
  const n = (k: string) => Number(raw[k] ?? 0);
  return {
    runId,
    startedAt: raw.startedAt,
    ...(raw.finishedAt ? { finishedAt: raw.finishedAt } : {}),
    total: n('total'),
    done: n('done'),
    created: n('created'),
    updated: n('updated'),
    removed: n('removed'),
    unchanged: n('unchanged'),
    failed: n('failed'),
    held: n('held'),
  };
}

/** Counts one finished job of a run; the job that completes the run writes its summary. */
export async function countRunOutcome(deps: SyncDeps, runId: string, outcome: Outcome): Promise<void> {
  const field = outcome === 'skipped' ? 'unchanged' : outcome === 'held' ? 'held' : outcome;
  const replies = await deps.redis
    .multi()
    .hincrby(runKey(runId), field, 1)
    .hincrby(runKey(runId), 'done', 1)
    .hget(runKey(runId), 'total')
    .exec();
  const done = Number(replies?.[1]?.[1]);
  if (done > 0 && done === Number(replies?.[2]?.[1])) await finishRun(deps, runId);
}

async function finishRun(deps: SyncDeps, runId: string): Promise<void> {
  const finishedAt = new Date().toISOString();
  await deps.redis.hset(runKey(runId), 'finishedAt', finishedAt);
  const progress = await runProgress(deps, runId);
  const raw = await deps.redis.hmget(runKey(runId), 'tenantId', 'connectorId');
  const docs = await deps.domain.store
    .collection<ConnectorDoc>('connectors')
    .find({ tenantId: raw[0] ?? '', _id: raw[1] ?? '' });
  if (!progress || !docs[0]) return;
  const { done: _done, ...summary } = progress;
  await saveFullSyncSummary(deps.domain, docs[0], summary);
  await deps.domain.store.withTransaction((tx) =>
    recordConnector(deps.domain, tx, docs[0], 'sync.full_completed', SYSTEM_ACTOR, { ...summary }),
  );
}
