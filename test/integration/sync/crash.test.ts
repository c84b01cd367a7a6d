import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGroup,
  createUser,
  memberIdsOf,
  updateGroup,
  updateUser,
  type GroupDoc,
  type UserDoc,
} from '../../../src/people/index.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import {
  ACTOR,
  eventually,
  FAST_SYNC_ENV,
  startSyncHarness,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// A `roster worker` process SIGKILLed in the middle of a 5,000-change burst, then another one
// started: every change still reaches the downstream exactly, and no remote user is created twice,
// although this target would happily accept a duplicate userName (test/helpers/sync/scim-double.ts).
//
// The burst is written through the domain services (the same transactions a SCIM request makes,
// without the HTTP cost, which this test is not about), so every change takes the real path:
// outbox → relay → roster-events → fan-out → roster-sync → the worker child → HTTP.
//
// Before it, 500 "veteran" users are provisioned (so deactivations and removals have remote users
// to act on). The burst, in 20 chunks, each with 50 new users and 25 veterans:
//   1,000 creates; 1,500 updates (displayName of every new user and veteran); 1,500 member adds
//   (new user i to group i % 4, veteran i to group (i + 1) % 4); 500 member removes (veteran i
//   from group i % 4); 500 deactivations (even veterans, and new users i % 4 = 0 one chunk later).

const VETERANS = 500;
const CHUNKS = 20;
const NEW_PER_CHUNK = 50;
const VETERANS_PER_CHUNK = VETERANS / CHUNKS;
const GROUPS = 4;
const CHILD = path.resolve('test/helpers/sync/worker-child.ts');
const ctx = { actor: ACTOR, source: 'scim' as const };

function startChild(harness: SyncHarness): ChildProcess {
  return fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...FAST_SYNC_ENV,
      ROSTER_DATA_DIR: harness.runtime.dataDir,
      ROSTER_REDIS_PREFIX: harness.runtime.prefix,
      ROSTER_SYNC_CONCURRENCY: '8',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

const userName = (i: number) => `u${i}@acme.example`;

/** Differences between the source tenant and the downstream double, as readable lines. */
async function mismatches(harness: SyncHarness, tenant: string, down: ScimDouble): Promise<string[]> {
  const store = harness.runtime.store;
  const users = await store.collection<UserDoc>('users').find({ tenantId: tenant });
  const groups = await store.collection<GroupDoc>('groups').find({ tenantId: tenant });
  const remoteUsers = new Map<string, Record<string, any>>();
  const problems: string[] = [];
  for (const u of down.users.values()) {
    if (remoteUsers.has(u.userName)) problems.push(`${u.userName} twice downstream`);
    remoteUsers.set(u.userName, u);
  }
  const known = new Set(users.map((u) => u.userName));
  for (const name of remoteUsers.keys()) if (!known.has(name)) problems.push(`${name} downstream only`);
  const remoteIdOf = new Map<string, string>();
  for (const u of users) {
    const remote = remoteUsers.get(u.userName);
    // A user deactivated before it was ever provisioned is never created (workers/sync/user-steps.ts
    // planOf); once provisioned, deactivation sends only active:false, so that is all it must match.
    if (!remote) {
      if (u.active) problems.push(`${u.userName} missing downstream`);
      continue;
    }
    remoteIdOf.set(u._id, remote.id);
    if (remote.active !== u.active) problems.push(`${u.userName} active ${remote.active}, wanted ${u.active}`);
    if (u.active && remote.displayName !== u.displayName)
      problems.push(`${u.userName} displayName "${remote.displayName}", wanted "${u.displayName}"`);
  }
  const remoteGroups = [...down.groups.values()];
  for (const g of groups) {
    const matching = remoteGroups.filter((r) => r.displayName === g.displayName);
    if (matching.length !== 1) {
      problems.push(`group ${g.displayName} ${matching.length} times downstream`);
      continue;
    }
    const want = (await memberIdsOf(store, tenant, g._id))
      .map((id) => remoteIdOf.get(id))
      .filter(Boolean)
      .sort();
    const have = (matching[0].members ?? []).map((m: { value: string }) => m.value).sort();
    if (JSON.stringify(want) !== JSON.stringify(have))
      problems.push(`group ${g.displayName}: ${have.length} members downstream, wanted ${want.length}`);
  }
  return problems;
}

/** `check`, but run at most every `ms` (a full comparison reads every user; the worker needs the CPU). */
function atMostEvery(ms: number, check: () => Promise<boolean>): () => Promise<boolean> {
  let last = 0;
  return async () => {
    if (Date.now() - last < ms) return false;
    last = Date.now();
    return check();
  };
}

describe('a worker crash mid-burst', () => {
  let source: SyncHarness;
  let down: ScimDouble;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    source = await startSyncHarness({ workers: false });
    down = await startScimDouble();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all([source.close(), down.close()]);
  });

  it('SIGKILL mid 5,000-change burst, restart: downstream exactly at the desired state, no user twice', async () => {
    const t = await source.tenant();
    const { domain } = source.runtime;
    const groups: GroupDoc[] = [];
    for (let g = 0; g < GROUPS; g++)
      groups.push(await createGroup(domain, t.tenant, { displayName: `team-${g}` }, [], ctx));
    await t.addConnector({
      name: 'crashy',
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      // 500 deactivations in a minute would trip the accidental-deletion guard; not this test's subject.
      deleteGuard: { maxCount: 100_000, maxPercent: 100 },
    });
    const ids: string[] = [];
    let changes = 0;
    const create = async (i: number) => {
      const attrs = { userName: userName(i), displayName: `User ${i}`, active: true };
      ids[i] = (await createUser(domain, t.tenant, attrs, ctx))._id;
      changes++;
    };
    const update = async (i: number, change: { displayName?: string; active?: boolean }) => {
      await updateUser(domain, t.tenant, ids[i], (cur) => ({ ...cur, ...change }), ctx);
      changes++;
    };
    const member = async (groupOf: (i: number) => number, op: 'add' | 'remove', indexes: number[]) => {
      for (let g = 0; g < GROUPS; g++) {
        const userIds = indexes.filter((i) => groupOf(i) === g).map((i) => ids[i]);
        if (!userIds.length) continue;
        await updateGroup(domain, t.tenant, groups[g]._id, { members: [{ op, userIds }] }, ctx);
        changes += userIds.length;
      }
    };
    const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);

    // The veterans, provisioned before the burst (not counted in it).
    for (const i of range(0, VETERANS)) await create(i);
    await member((i) => i % GROUPS, 'add', range(0, VETERANS));
    changes = 0;
    const first = startChild(source);
    children.push(first);
    await once(first, 'message');
    await eventually(
      'the veterans downstream',
      atMostEvery(500, async () => (await mismatches(source, t.tenant, down)).length === 0),
      120_000,
    );
    expect(down.users.size).toBe(VETERANS);

    let second: ChildProcess | undefined;
    for (let c = 0; c <= CHUNKS; c++) {
      if (c < CHUNKS) {
        const fresh = range(VETERANS + c * NEW_PER_CHUNK, NEW_PER_CHUNK);
        const veterans = range(c * VETERANS_PER_CHUNK, VETERANS_PER_CHUNK);
        for (const i of fresh) await create(i);
        for (const i of [...fresh, ...veterans]) await update(i, { displayName: `User ${i} renamed` });
        await member((i) => i % GROUPS, 'add', fresh);
        await member((i) => (i + 1) % GROUPS, 'add', veterans);
        await member((i) => i % GROUPS, 'remove', veterans);
        for (const i of veterans.filter((i) => i % 2 === 0)) await update(i, { active: false });
      }
      if (c > 0) {
        const previous = range(VETERANS + (c - 1) * NEW_PER_CHUNK, NEW_PER_CHUNK);
        for (const i of previous.filter((i) => i % 4 === 0)) await update(i, { active: false });
      }
      if (c === 6) {
        // In the middle of applying: some new users are downstream, many more changes still queued.
        await eventually('the first worker applying the burst', () => down.users.size >= VETERANS + 100, 60_000);
        first.kill('SIGKILL');
        await once(first, 'exit');
      }
      if (c === 10) {
        second = startChild(source);
        children.push(second);
        await once(second, 'message');
      }
    }
    expect(changes).toBe(5000);
    expect(first.signalCode).toBe('SIGKILL');

    await eventually(
      'the downstream at the desired state',
      atMostEvery(500, async () => (await mismatches(source, t.tenant, down)).length === 0),
      150_000,
    );
    // Nothing still queued may change it afterwards (a late duplicate, a stale membership).
    await eventually('the queues drained', async () => {
      const counts = await source.runtime.queues.sync.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      return Object.values(counts).every((n) => n === 0);
    });
    expect(await mismatches(source, t.tenant, down)).toEqual([]);
    const twice = [...down.creates].filter(([, n]) => n > 1).map(([name]) => name);
    expect(twice).toEqual([]);
    expect(down.creates.size).toBe(down.users.size);
    // The deactivated veterans were provisioned before: they are there, inactive, not gone.
    expect([...down.users.values()].filter((u) => u.active === false).length).toBeGreaterThanOrEqual(VETERANS / 2);
    second!.kill('SIGTERM');
    await once(second!, 'exit');
  }, 300_000);
});
