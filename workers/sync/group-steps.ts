import { forgetSyncState, readSyncState, syncStateId, writeSyncState } from '../../src/connectors/index.js';
import type { RemoteRef } from './connector.js';
import { isConnectorError } from './connectors/index.js';
import { hashOf, readGroupWish, remoteIdsOfUsers, type GroupWish } from './desired-state.js';
import type { JobContext, Step } from './job-context.js';

// One group on one connector: the group itself, then its members as the difference between the
// in-scope members with a remote user and the members last applied (syncState.members).
// A member whose remote user does not exist yet is left out; its user job queues this group
// again once the user is made (workers/sync/user-steps.ts, follow-ups).

export interface GroupPlan {
  group: 'create' | 'update' | 'delete' | 'none';
  add: Map<string, string>;
  remove: Map<string, string>;
}
export type GroupContext = JobContext<GroupWish, GroupPlan> & {
  ref?: RemoteRef;
  desiredMembers?: Map<string, string>;
};

const readWish: Step<GroupContext> = {
  name: 'desired',
  async run(ctx) {
    ctx.wish = await readGroupWish(ctx.deps.domain.store, ctx.doc, ctx.job.objectId);
    if (ctx.wish.present)
      ctx.desiredMembers = await remoteIdsOfUsers(ctx.deps.domain.store, ctx.doc, ctx.wish.memberIds);
  },
};

const readRemote: Step<GroupContext> = {
  name: 'remote',
  async run(ctx) {
    ctx.state = await readSyncState(ctx.deps.domain.store, ctx.doc.tenantId, ctx.doc._id, 'group', ctx.job.objectId);
  },
};

const diff: Step<GroupContext> = {
  name: 'diff',
  async run(ctx) {
    const wish = ctx.wish!;
    const applied = new Map(Object.entries(ctx.state?.members ?? {}));
    const known = Boolean(ctx.state?.remoteId);
    if (!wish.present) {
      ctx.plan = { group: known ? 'delete' : 'none', add: new Map(), remove: new Map() };
    } else {
      const desired = ctx.desiredMembers!;
      const group = !known ? 'create' : ctx.state?.appliedHash === hashOf(wish.group) ? 'none' : 'update';
      const add = new Map([...desired].filter(([id, remote]) => applied.get(id) !== remote));
      const remove = new Map([...applied].filter(([id]) => !desired.has(id)));
      ctx.plan = { group, add, remove };
    }
    const p = ctx.plan;
    if (p.group === 'none' && p.add.size === 0 && p.remove.size === 0) ctx.outcome = 'unchanged';
  },
};

async function findOrCreate(ctx: GroupContext, wish: Extract<GroupWish, { present: true }>): Promise<RemoteRef> {
  const found = await ctx.call('findGroup', () => ctx.connector.findGroup(wish.group));
  if (found) return ctx.call('updateGroup', () => ctx.connector.updateGroup(found, wish.group));
  return ctx.call('createGroup', () => ctx.connector.createGroup(wish.group));
}

const applyGroup: Step<GroupContext> = {
  name: 'apply-group',
  async run(ctx) {
    const plan = ctx.plan!;
    const known = ctx.state?.remoteId ? { remoteId: ctx.state.remoteId } : undefined;
    if (plan.group === 'delete') {
      try {
        await ctx.call('deleteGroup', () =>
          ctx.connector.deleteGroup(known!, { id: ctx.job.objectId, displayName: known!.remoteId }),
        );
      } catch (err) {
        if (!(isConnectorError(err) && err.class === 'not_found')) throw err;
      }
      return;
    }
    const wish = ctx.wish as Extract<GroupWish, { present: true }>;
    if (plan.group === 'create') ctx.ref = await findOrCreate(ctx, wish);
    else if (plan.group === 'update') {
      try {
        ctx.ref = await ctx.call('updateGroup', () => ctx.connector.updateGroup(known!, wish.group));
      } catch (err) {
        if (!(isConnectorError(err) && err.class === 'not_found')) throw err;
        ctx.ref = await findOrCreate(ctx, wish);
        plan.add = new Map(ctx.desiredMembers);
      }
    } else ctx.ref = known;
  },
};

const applyMembers: Step<GroupContext> = {
  name: 'apply-members',
  async run(ctx) {
    const plan = ctx.plan!;
    if (plan.group === 'delete') return;
    const group = ctx.ref!;
    const refs = (m: Map<string, string>) => [...m.values()].map((remoteId) => ({ remoteId }));
    if (plan.add.size) await ctx.call('addMembers', () => ctx.connector.addMembers(group, refs(plan.add)));
    if (plan.remove.size) await ctx.call('removeMembers', () => ctx.connector.removeMembers(group, refs(plan.remove)));
  },
};

const save: Step<GroupContext> = {
  name: 'save',
  async run(ctx) {
    const { store } = ctx.deps.domain;
    const id = syncStateId(ctx.doc._id, 'group', ctx.job.objectId);
    const plan = ctx.plan!;
    if (plan.group === 'delete') {
      await forgetSyncState(store, { _id: id, tenantId: ctx.doc.tenantId });
      ctx.outcome = 'removed';
      return;
    }
    const wish = ctx.wish as Extract<GroupWish, { present: true }>;
    await writeSyncState(store, {
      _id: id,
      tenantId: ctx.doc.tenantId,
      connectorId: ctx.doc._id,
      kind: 'group',
      objectId: ctx.job.objectId,
      remoteId: ctx.ref!.remoteId,
      appliedHash: hashOf(wish.group),
      members: Object.fromEntries(ctx.desiredMembers!),
      status: 'provisioned',
      attempts: 0,
      updatedAt: new Date().toISOString(),
    });
    ctx.outcome = plan.group === 'create' && ctx.calls.includes('createGroup') ? 'created' : 'updated';
  },
};

export const GROUP_STEPS: Step<GroupContext>[] = [readWish, readRemote, diff, applyGroup, applyMembers, save];
