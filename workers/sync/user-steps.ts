import {
  exceedsGuard,
  forgetSyncState,
  holdDeletions,
  readSyncState,
  releaseHeldDeletion,
  syncCounts,
  syncStateId,
  writeSyncState,
  type SyncStateDoc,
} from '../../src/connectors/index.js';
import type { SyncJob } from '../../src/queue/index.js';
import type { DesiredUser, RemoteRef } from './connector.js';
import { isConnectorError } from './connectors/index.js';
import { hashOf, readUserWish, type UserWish } from './desired-state.js';
import type { JobContext, Outcome, Step } from './job-context.js';

// One user on one connector: desired (store) vs last applied (syncState) → at most one change.

export type UserPlan = 'create' | 'update' | 'deactivate' | 'delete' | 'none';
export type UserContext = JobContext<UserWish, UserPlan> & { ref?: RemoteRef; applied?: DesiredUser; result?: Outcome };

const DELETE_WINDOW_MS = 10 * 60_000;

export function planOf(wish: UserWish, state: SyncStateDoc | null, deprovision: 'deactivate' | 'delete'): UserPlan {
  const known = Boolean(state?.remoteId);
  if (!wish.present) {
    if (!known) return 'none';
    if (deprovision === 'delete') return 'delete';
    return state?.status === 'deprovisioned' ? 'none' : 'deactivate';
  }
  if (!known) return wish.user.active ? 'create' : 'none';
  if (!wish.user.active) return state?.status === 'deprovisioned' ? 'none' : 'deactivate';
  return state?.appliedHash === hashOf(wish.user) && state.status === 'provisioned' ? 'none' : 'update';
}

const readWish: Step<UserContext> = {
  name: 'desired',
  async run(ctx) {
    ctx.wish = await readUserWish(ctx.deps.domain.store, ctx.doc, ctx.job.objectId);
  },
};

const readRemote: Step<UserContext> = {
  name: 'remote',
  async run(ctx) {
    ctx.state = await readSyncState(ctx.deps.domain.store, ctx.doc.tenantId, ctx.doc._id, 'user', ctx.job.objectId);
  },
};

const diff: Step<UserContext> = {
  name: 'diff',
  async run(ctx) {
    ctx.plan = planOf(ctx.wish!, ctx.state, ctx.doc.deprovision);
  },
};

/**
 * Deprovisions count in a window per connector; past the guard they wait for approval. Full-sync
 * jobs count too: the run checked the guard when it was planned, but the users it finds gone when
 * its jobs run may have left since, alongside live deprovisions the guard already held. Only the
 * deprovisions an operator approved pass.
 */
const deletionGuard: Step<UserContext> = {
  name: 'guard',
  async run(ctx) {
    if (ctx.plan !== 'deactivate' && ctx.plan !== 'delete') return;
    if (ctx.job.mode === 'approved') return;
    const { redis, domain } = ctx.deps;
    const key = `sync:deletes:${ctx.doc._id}`;
    const count = await redis.incr(key);
    if (count === 1) await redis.pexpire(key, DELETE_WINDOW_MS);
    const held = Boolean(ctx.doc.heldDeletions);
    const over =
      held ||
      exceedsGuard(
        ctx.doc.deleteGuard,
        count,
        (await syncCounts(domain.store, ctx.doc.tenantId, ctx.doc._id)).provisioned + count,
      );
    if (!over) return;
    await holdDeletions(
      domain,
      ctx.doc,
      [ctx.job.objectId],
      `${count} deprovisions within ${DELETE_WINDOW_MS / 60_000} minutes`,
    );
    ctx.outcome = 'held';
  },
};

async function findOrCreate(ctx: UserContext, user: DesiredUser): Promise<RemoteRef> {
  const found = await ctx.call('findUser', () => ctx.connector.findUser(user));
  if (found) return ctx.call('updateUser', () => ctx.connector.updateUser(found, user));
  return ctx.call('createUser', () => ctx.connector.createUser(user));
}

const apply: Step<UserContext> = {
  name: 'apply',
  async run(ctx) {
    if (ctx.plan === 'none') return;
    const wish = ctx.wish!;
    const known: RemoteRef | undefined = ctx.state?.remoteId
      ? { remoteId: ctx.state.remoteId, state: ctx.state.remoteState }
      : undefined;
    const user = wish.user ?? (ctx.state?.applied as DesiredUser | undefined);
    if (ctx.plan === 'create') ctx.ref = await findOrCreate(ctx, user!);
    if (ctx.plan === 'update') {
      try {
        ctx.ref = await ctx.call('updateUser', () => ctx.connector.updateUser(known!, user!));
      } catch (err) {
        // The remote user was removed by hand: find it again (or make it), RFC 7644 §3.4.1 lookup first.
        if (!(isConnectorError(err) && err.class === 'not_found')) throw err;
        ctx.ref = await findOrCreate(ctx, user!);
      }
    }
    if (ctx.plan === 'deactivate') await deprovision(ctx, known!, user, 'deactivateUser');
    if (ctx.plan === 'delete') await deprovision(ctx, known!, user, 'deleteUser');
    ctx.applied = user ? { ...user, ...(ctx.plan === 'deactivate' ? { active: false } : {}) } : undefined;
    ctx.result =
      ctx.plan === 'create' && ctx.calls.includes('createUser')
        ? 'created'
        : ctx.plan === 'update' || ctx.plan === 'create'
          ? 'updated'
          : 'removed';
  },
};

async function deprovision(
  ctx: UserContext,
  ref: RemoteRef,
  user: DesiredUser | undefined,
  how: 'deactivateUser' | 'deleteUser',
) {
  const fallback: DesiredUser = user ?? { id: ctx.job.objectId, userName: ref.remoteId, active: false };
  try {
    await ctx.call(how, () => ctx.connector[how](ref, fallback));
  } catch (err) {
    if (!(isConnectorError(err) && err.class === 'not_found')) throw err;
  }
}

const save: Step<UserContext> = {
  name: 'save',
  async run(ctx) {
    if (ctx.plan === 'none') return;
    const { store } = ctx.deps.domain;
    const id = syncStateId(ctx.doc._id, 'user', ctx.job.objectId);
    // Before the state says deprovisioned: whoever reads that state finds the hold released too.
    if (ctx.plan === 'delete' || ctx.plan === 'deactivate') await releaseHeldDeletion(store, ctx.doc, ctx.job.objectId);
    if (ctx.plan === 'delete') return forgetSyncState(store, { _id: id, tenantId: ctx.doc.tenantId });
    const ref = ctx.ref ?? { remoteId: ctx.state!.remoteId!, state: ctx.state?.remoteState };
    await writeSyncState(store, {
      _id: id,
      tenantId: ctx.doc.tenantId,
      connectorId: ctx.doc._id,
      kind: 'user',
      objectId: ctx.job.objectId,
      remoteId: ref.remoteId,
      ...(ref.state ? { remoteState: ref.state } : {}),
      appliedHash: ctx.wish!.present ? hashOf(ctx.wish!.user) : hashOf(ctx.applied ?? null),
      ...(ctx.applied ? { applied: { ...ctx.applied } } : {}),
      status: ctx.plan === 'deactivate' ? 'deprovisioned' : 'provisioned',
      attempts: 0,
      updatedAt: new Date().toISOString(),
    });
  },
};

/**
 * The user's groups catch up: every in-scope group whose applied members lack this user (or
 * name another remote id) is queued, and so is every group still listing a deleted user. Read
 * after this job saved the user, so either the group job sees the new remote user or this job
 * sees the group without it (a running group job gets one follow-up run, workers/sync/enqueue.ts).
 */
const followUps: Step<UserContext> = {
  name: 'follow-ups',
  async run(ctx) {
    const base = {
      tenantId: ctx.doc.tenantId,
      connectorId: ctx.doc._id,
      mode: 'live' as const,
      kind: 'group' as const,
    };
    const wish = ctx.wish!;
    const states = ctx.deps.domain.store.collection<SyncStateDoc>('syncState');
    const scope = { tenantId: ctx.doc.tenantId, connectorId: ctx.doc._id, kind: 'group' };
    const userId = ctx.job.objectId;
    let groupIds: string[] = [];
    if (wish.present && ctx.plan !== 'delete' && wish.groupIds.length) {
      const remoteId = ctx.ref?.remoteId ?? ctx.state?.remoteId;
      if (remoteId !== ctx.state?.remoteId) {
        // A remote id this job just made (or found anew) is in no group's applied members yet:
        // every group needs its job, and reading their states (members maps) would only cost.
        groupIds = wish.groupIds;
      } else {
        const known = await states.find(
          {
            tenantId: ctx.doc.tenantId,
            _id: { $in: wish.groupIds.map((id) => syncStateId(ctx.doc._id, 'group', id)) },
          },
          { projection: { objectId: 1, members: 1 } },
        );
        const done = new Set(known.filter((g) => g.members?.[userId] === remoteId).map((g) => g.objectId));
        groupIds = wish.groupIds.filter((id) => !done.has(id));
      }
    }
    if (ctx.plan === 'delete' || !wish.present) {
      const listing = await states.find(
        { ...scope, [`members.${userId}`]: { $exists: true } },
        { projection: { objectId: 1 } },
      );
      groupIds = listing.map((s) => s.objectId);
    }
    ctx.followUps.push(...groupIds.map((objectId): SyncJob => ({ ...base, objectId })));
  },
};

const unchanged: Step<UserContext> = {
  name: 'result',
  async run(ctx) {
    ctx.outcome = ctx.result ?? 'unchanged';
  },
};

export const USER_STEPS: Step<UserContext>[] = [
  readWish,
  readRemote,
  diff,
  deletionGuard,
  apply,
  save,
  followUps,
  unchanged,
];
