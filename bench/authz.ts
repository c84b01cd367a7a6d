import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createApp } from '../src/app.js';
import { createAuthzRouter } from '../src/authz/index.js';
import {
  checkAcl,
  compilePolicy,
  compileSubject,
  check,
  mapGroupsToRoles,
  memberOf,
  subjectFromStored,
  effectivePermissionsOf,
} from '../src/rbac/index.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';
import { generate, groupName, random, SIZES } from './authz-data.js';
import { seedTenant, userId } from './authz-seed.js';

// bench/authz. Run: node --import tsx bench/authz.ts
// Env: BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 32), BENCH_DECISIONS (default 10,000,000),
// BENCH_ROUNDS (alternating bare/authorize runs, default 3),
// BENCH_HTTP_ONLY=1 (skip the in-process part, e.g. to profile the server).

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

function inProcess(): void {
  const data = generate();
  const [policy, compileMs] = timed(() => compilePolicy(data.policy));
  const groupsOf = (u: number) => data.memberships[u].map((g) => ({ id: `g${g}`, displayName: groupName(g) }));
  const [subjects, subjectsMs] = timed(() =>
    data.memberships.map((_, u) =>
      compileSubject(policy.catalog, {
        roles: mapGroupsToRoles(policy.mapping, policy.catalog, groupsOf(u)),
        deniedPermissions: data.denied[u],
      }),
    ),
  );
  const rnd = random(7);
  const MASK = (1 << 16) - 1;
  const who = Uint16Array.from({ length: MASK + 1 }, () => Math.floor(rnd() * SIZES.users));
  const what = Uint16Array.from({ length: MASK + 1 }, () => Math.floor(rnd() * data.questions.length));
  let allowed = 0;
  const [, decideMs] = timed(() => {
    for (let i = 0; i < DECISIONS; i++)
      if (check(subjects[who[i & MASK]], data.questions[what[i & MASK]]).allow) allowed++;
  });
  // What one HTTP request does: rebuild the subject from the stored fields, then decide.
  const stored = subjects.map((s, u) => ({
    effectiveRoles: s.roles,
    effectivePermissions: effectivePermissionsOf(s),
    deniedPermissions: data.denied[u],
  }));
  const rebuilds = 200_000;
  const [, rebuildMs] = timed(() => {
    for (let i = 0; i < rebuilds; i++)
      check(subjectFromStored(stored[who[i & MASK]], policy.catalog), data.questions[what[i & MASK]]);
  });
  const members = data.memberships.map((_, u) => memberOf(groupsOf(u)));
  const entries = data.policy.acl.entries;
  const aclChecks = 2_000_000;
  const [, aclMs] = timed(() => {
    for (let i = 0; i < aclChecks; i++) {
      const e = entries[what[i & MASK] % entries.length];
      checkAcl(policy.acls, members[who[i & MASK]], e.kind, e.resourceId);
    }
  });
  console.log(
    `dataset: ${fmt(SIZES.users)} users, ${SIZES.groups} groups, ` +
      `${SIZES.roles} roles (4 inheritance levels), ${fmt(SIZES.acls)} ACL entries`,
  );
  console.log(
    `compile policy: ${compileMs.toFixed(1)} ms; compile ${fmt(SIZES.users)} subjects: ${subjectsMs.toFixed(0)} ms`,
  );
  console.log(
    `in-process permission decisions: ${fmt((DECISIONS / decideMs) * 1000)}/s ` +
      `(${fmt(DECISIONS)} decisions, ${((allowed / DECISIONS) * 100).toFixed(0)}% allowed)`,
  );
  console.log(`in-process rebuild-from-stored + decide: ${fmt((rebuilds / rebuildMs) * 1000)}/s`);
  console.log(`in-process ACL decisions: ${fmt((aclChecks / aclMs) * 1000)}/s`);
}

/**
 * Bench-only instrumentation: a trivial POST JSON route placed inside the real app, just before
 * its 404 handler, so it runs behind exactly the app's middleware (pino-http, helmet, metrics,
 * JSON parsing). Its rate is the ceiling any /v1 route of this app can reach.
 */
function withTrivialRoute(app: express.Express): express.Express {
  app.post('/v1/bench-trivial', (req, res) => {
    res.json({ allow: typeof req.body?.permission === 'string', reason: 'trivial route in the full app' });
  });
  const stack = (app as unknown as { router: { stack: unknown[] } }).router.stack;
  stack.splice(stack.length - 3, 0, stack.pop()); // before the 404 handler and the error handler
  return app;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface LoadResult {
  statuses: Record<string, number>;
  perSecond: number;
  requests: number;
  /** This process's CPU time (user + system) per answered request while the load ran. */
  cpuUsPerRequest: number;
}

function load(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  method: 'GET' | 'POST' = 'POST',
): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./http-load.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  child.send({ url, method, bodies, headers, connections: CONNECTIONS, warmupMs: 2000, durationMs: SECONDS * 1000 });
  // Every server runs in this process and the client in the child: the CPU this process spends
  // per request is the server's cost of it, which a loaded machine stretches far less than a rate.
  const cpu = process.cpuUsage();
  return once(child, 'message').then(([m]) => {
    const used = process.cpuUsage(cpu);
    const result = m as Omit<LoadResult, 'cpuUsPerRequest'>;
    return { ...result, cpuUsPerRequest: (used.user + used.system) / Math.max(1, result.requests) };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const statuses = (r: LoadResult) =>
  Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${fmt(n)}`)
    .join(' ');

async function overHttp(): Promise<void> {
  const runtime = await createIsolatedRuntime('bench-authz');
  const { store, recorder } = runtime;
  const data = generate();
  const { adminKey, recomputeMs } = await seedTenant({ store, recorder }, 'bench', data);
  console.log(
    `store seeded (embedded engine); recomputeTenant for ${fmt(SIZES.users)} users: ` +
      `${(recomputeMs / 1000).toFixed(2)} s`,
  );

  const roster = await listen(withTrivialRoute(createApp(runtime)));
  const bareApp = express();
  bareApp.use(express.json());
  bareApp.post('/v1/authorize', (req, res) => {
    res.json({ allow: typeof req.body?.permission === 'string', reason: 'bare endpoint' });
  });

  const bare = await listen(bareApp);
  const servers = [roster.server, bare.server];
  const rnd = random(11);
  const permissionBodies = Array.from({ length: 4096 }, () =>
    JSON.stringify({
      tenant: 'bench',
      subject: userId(Math.floor(rnd() * SIZES.users)),
      permission: data.questions[Math.floor(rnd() * data.questions.length)],
    }),
  );
  const aclBodies = Array.from({ length: 4096 }, () => {
    const e = data.policy.acl.entries[Math.floor(rnd() * data.policy.acl.entries.length)];
    return JSON.stringify({
      tenant: 'bench',
      subject: userId(Math.floor(rnd() * SIZES.users)),
      resource: { kind: e.kind, id: e.resourceId },
    });
  });
  const auth = { authorization: `Bearer ${adminKey}` };
  const routerAlone = await listen(
    express().use(createAuthzRouter({ store, redis: runtime.redis, recorder, config: runtime.config })),
  );
  servers.push(routerAlone.server);
  try {
    console.log(
      `HTTP: keep-alive client in a child process, ${CONNECTIONS} connections, ` +
        `${SECONDS} s per run after 2 s warm-up; bare and authorize runs alternate ${ROUNDS}×`,
    );
    const bareRuns: number[] = [];
    const authzRuns: number[] = [];
    const bareCpu: number[] = [];
    const authzCpu: number[] = [];
    let authzStatuses = '';
    for (let round = 0; round < ROUNDS; round++) {
      const bareRun = await load(`${bare.url}/v1/authorize`, permissionBodies, auth);
      bareRuns.push(bareRun.perSecond);
      bareCpu.push(bareRun.cpuUsPerRequest);
      const run = await load(`${roster.url}/v1/authorize`, permissionBodies, auth);
      authzRuns.push(run.perSecond);
      authzCpu.push(run.cpuUsPerRequest);
      authzStatuses = statuses(run);
    }
    const floor = await load(`${roster.url}/v1/bench-trivial`, permissionBodies, auth);
    const alone = await load(`${routerAlone.url}/v1/authorize`, permissionBodies, auth);
    const acl = await load(`${roster.url}/v1/authorize`, aclBodies, auth);
    const bareRate = median(bareRuns);
    const authzRate = median(authzRuns);
    const pct = (n: number) => `${((n / bareRate) * 100).toFixed(1)}% of bare`;
    console.log(
      `bare Express JSON endpoint:                 ${fmt(bareRate)} req/s (median of ${bareRuns.map(fmt).join(', ')})`,
    );
    console.log(
      `POST /v1/authorize, full app (permission):  ${fmt(authzRate)} req/s ` +
        `(median of ${authzRuns.map(fmt).join(', ')}; ${authzStatuses})`,
    );
    console.log(`POST /v1/authorize, full app (ACL resource): ${fmt(acl.perSecond)} req/s (${statuses(acl)})`);
    console.log(
      `  trivial POST route inside the full app (its ceiling): ${fmt(floor.perSecond)} req/s = ` +
        `${pct(floor.perSecond)} (${statuses(floor)})`,
    );
    console.log(`  POST /v1/authorize vs that ceiling: ${((authzRate / floor.perSecond) * 100).toFixed(1)}%`);
    console.log(
      `  authz router alone on express() (permission):  ${fmt(alone.perSecond)} req/s = ${pct(alone.perSecond)}`,
    );
    console.log(`ratio POST /v1/authorize / bare: ${((authzRate / bareRate) * 100).toFixed(1)}% (target >= 60%)`);
    const us = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    const [bareUs, authzUs] = [median(bareCpu), median(authzCpu)];
    const cpuRatio = ((bareUs / authzUs) * 100).toFixed(1);
    console.log(
      `server CPU per request: bare ${bareUs.toFixed(0)} µs (${us(bareCpu)}), ` +
        `authorize ${authzUs.toFixed(0)} µs (${us(authzCpu)}), trivial route ${floor.cpuUsPerRequest.toFixed(0)} µs; ` +
        `bare / authorize = ${cpuRatio}% (the rate ratio of a CPU-bound server on a quiet machine)`,
    );
  } finally {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
    await runtime.close();
  }
}

if (process.env.BENCH_HTTP_ONLY !== '1') inProcess();
await overHttp();
