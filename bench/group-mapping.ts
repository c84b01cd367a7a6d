import { applyPreset, putRoleMapping } from '../src/access/index.js';
import { createGroup, updateGroup, type UserDoc } from '../src/people/index.js';
import { createTenant } from '../src/tenants/index.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';

// bench/group-mapping: how long adding N users to a mapped group takes in one call, each user's
// roles recomputed and one user.roles_changed event written per user, in one transaction
// (test/integration/authz/group-mapping.test.ts checks what it does; this measures how fast).
// Run: node --import tsx bench/group-mapping.ts     Env: BENCH_MEMBERS (1000), BENCH_ROUNDS (5).

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ctx = { actor: { type: 'system' as const, id: 'bench' }, source: 'scim' as const };

async function round(r: number): Promise<number> {
  const runtime = await createIsolatedRuntime('bench-group-mapping');
  try {
    const dir = runtime.directory;
    const tenantId = `bench${r}`;
    await createTenant(dir, { id: tenantId, plan: 'pro', actor: ctx.actor });
    await applyPreset(dir, tenantId, 'api-platform', ctx.actor);
    await putRoleMapping(
      dir,
      tenantId,
      { strategy: 'highest', defaultRole: null, rules: [{ group: 'bulk', role: 'service' }] },
      ctx.actor,
    );
    const now = new Date().toISOString();
    const users: UserDoc[] = Array.from({ length: MEMBERS }, (_, i) => ({
      _id: `bulk-${i}`,
      tenantId,
      userName: `bulk-${i}`,
      userNameLower: `bulk-${i}`,
      active: true,
      effectiveRoles: [],
      effectivePermissions: [],
      customPermissions: [],
      deniedPermissions: [],
      source: 'scim',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }));
    await runtime.store.collection<UserDoc>('users').insertMany(users);
    const group = await createGroup(dir, tenantId, { displayName: 'bulk' }, [], ctx);
    const started = performance.now();
    await updateGroup(dir, tenantId, group._id, { members: [{ op: 'add', userIds: users.map((u) => u._id) }] }, ctx);
    const ms = performance.now() - started;
    const last = await runtime.store.collection<UserDoc>('users').findOne({ _id: `bulk-${MEMBERS - 1}`, tenantId });
    if (last?.effectiveRoles[0] !== 'service') throw new Error('the members were not given the mapped role');
    return ms;
  } finally {
    await runtime.close();
  }
}

const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) times.push(await round(r));
times.sort((a, b) => a - b);
console.log(
  `bench/group-mapping: add ${MEMBERS.toLocaleString('en-US')} users to a mapped group in one call ` +
    `(embedded store), ${ROUNDS} rounds`,
);
console.log(
  `median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, ` +
    `max ${times.at(-1)!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
);
