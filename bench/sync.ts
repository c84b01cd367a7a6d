import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { createApp } from '../src/app.js';
import { addConnector } from '../src/connectors/index.js';
import { createCredential } from '../src/credentials/index.js';
import { bullPrefix } from '../src/queue/index.js';
import { createTenant } from '../src/tenants/index.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';
import { startScimDouble, type ScimDouble } from '../test/helpers/sync/scim-double.js';
import { startWorkers } from '../workers/index.js';
import { connectorCatalogue } from '../workers/sync/index.js';
import { createClient, expectStatus, percentile, runLanes } from './scim-load.js';

// bench/sync: BENCH_USERS users (10,000) written over SCIM, each added to one of BENCH_GROUPS
// groups, synced to 3 SCIM connectors (local HTTP doubles) by the sync workers.
// Figures: memberships applied per second end to end, p99 lag from the SCIM POST's 2xx to the
// downstream POST, beside BullMQ's own no-op job throughput on the same Redis in the same run;
// the worker's peak RSS; SCIM POST /Users p99 while syncing vs idle.
// Run: node --import tsx bench/sync.ts

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = env('BENCH_USERS', 10_000);
const GROUPS = env('BENCH_GROUPS', 100);
const IDLE = env('BENCH_IDLE', 1_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 8);
const NOOP_JOBS = env('BENCH_NOOP_JOBS', 20_000);
const CONCURRENCY = String(env('BENCH_SYNC_CONCURRENCY', 16));
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ACTOR = { type: 'cli' as const, id: 'bench' };
const step = (what: string) => process.stderr.write(`bench/sync: ${what}\n`);

async function noopThroughput(runtime: { bullConnection: any; config: any }): Promise<number> {
  const prefix = `${bullPrefix(runtime.config.redis.prefix)}-noop`;
  const queue = new Queue('bench-noop', { connection: runtime.bullConnection, prefix });
  await queue.addBulk(Array.from({ length: NOOP_JOBS }, (_, i) => ({ name: 'noop', data: { i } })));
  let done = 0;
  const started = performance.now();
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker('bench-noop', async () => undefined, {
      connection: runtime.bullConnection,
      prefix,
      concurrency: Number(CONCURRENCY),
    });
    worker.on('completed', () => {
      if (++done === NOOP_JOBS) void worker.close().then(resolve);
    });
  });
  await finished;
  const perSecond = NOOP_JOBS / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  return perSecond;
}

const userBody = (i: number) => ({
  schemas: [USER],
  userName: `user${i}@bench.example`,
  active: true,
  name: { givenName: `G${i}`, familyName: `F${i}` },
  emails: [{ value: `user${i}@bench.example`, primary: true }],
});

async function main() {
  const runtime = await createIsolatedRuntime('bench-sync', {
    ROSTER_SYNC_CONCURRENCY: CONCURRENCY,
    ROSTER_SYNC_COALESCE_MS: process.env.BENCH_COALESCE_MS ?? '250',
  });
  const server = createServer(createApp(runtime));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  step('BullMQ no-op baseline');
  const noop = await noopThroughput(runtime);

  const tenant = 'bench';
  await createTenant(runtime.domain, { id: tenant, plan: 'enterprise', actor: ACTOR });
  const { secret } = await createCredential(runtime.domain, { tenantId: tenant, kind: 'scim', actor: ACTOR });
  const client = createClient(secret, CONNECTIONS);
  const scim = `${base}/scim/v2/${tenant}`;

  // BENCH_WORKER=inprocess (default): the embedded default, workers inside the serving process
  // (ROSTER_WORKERS_IN_SERVE); child: a separate `roster worker` on the same SQLite file.
  const inProcess = (process.env.BENCH_WORKER ?? 'inprocess') === 'inprocess';
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 200);
  const local = inProcess ? await startWorkers(runtime) : undefined;
  const child = inProcess
    ? undefined
    : fork(path.resolve('test/helpers/sync/worker-child.ts'), [], {
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          ROSTER_DATA_DIR: runtime.dataDir,
          ROSTER_REDIS_PREFIX: runtime.prefix,
          ROSTER_SYNC_CONCURRENCY: CONCURRENCY,
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
  if (child) await once(child, 'message');

  step('idle SCIM writes');
  // Idle: SCIM POST /Users with the worker running and no connector yet.
  const idleMs: number[] = [];
  await runLanes(IDLE, CONNECTIONS, async (i) => {
    const reply = await client.send('POST', `${scim}/Users`, userBody(1_000_000 + i));
    expectStatus(reply, 201, 'idle POST /Users');
    idleMs.push(reply.ms);
  });

  const groupIds: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const reply = await client.send('POST', `${scim}/Groups`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `group${g}`,
    });
    expectStatus(reply, 201, 'POST /Groups');
    groupIds.push(JSON.parse(reply.body).id);
  }
  const doubles: ScimDouble[] = await Promise.all([startScimDouble(), startScimDouble(), startScimDouble()]);
  const box = await runtime.secretBox();
  for (const [n, d] of doubles.entries())
    await addConnector(
      { ...runtime.domain, box, catalogue: connectorCatalogue },
      {
        tenantId: tenant,
        name: `down${n}`,
        kind: 'scim',
        config: { baseUrl: d.url, auth: { type: 'bearer', token: d.token } },
        actor: ACTOR,
      },
    );
  const expectedMembers = USERS * doubles.length;
  const untilSettled = async (check: () => boolean) => {
    let ticks = 0;
    while (!check()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (++ticks % 50 === 0)
        step(
          `downstreams: ${doubles.map((d) => `${d.creates.size} users, ${d.groups.size} groups, ${d.membersAdded.count} members`).join(' | ')}`,
        );
    }
  };
  step('connectors added; initial full syncs');
  // The connectors' initial full syncs (the idle users and empty groups) settle first.
  await untilSettled(() => doubles.every((d) => d.groups.size === GROUPS && d.creates.size >= IDLE));

  step('burst');
  const answered = new Map<string, number>();
  const busyMs: number[] = [];
  const started = Date.now();
  await runLanes(USERS, CONNECTIONS, async (i) => {
    const reply = await client.send('POST', `${scim}/Users`, userBody(i));
    expectStatus(reply, 201, 'POST /Users');
    answered.set(`user${i}@bench.example`, Date.now());
    busyMs.push(reply.ms);
    const id = JSON.parse(reply.body).id;
    const patch = await client.send('PATCH', `${scim}/Groups/${groupIds[i % GROUPS]}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    });
    if (patch.status !== 200 && patch.status !== 204) throw new Error(`PATCH: ${patch.status} ${patch.body}`);
  });
  const writesDone = Date.now();
  step('writes done; waiting for the downstreams');
  await untilSettled(() => doubles.reduce((n, d) => n + d.membersAdded.count, 0) >= expectedMembers);
  const lastApplied = Math.max(...doubles.map((d) => d.membersAdded.lastAt));
  let peakRss = peak;
  if (child) {
    child.send('rss');
    peakRss = ((await once(child, 'message')) as [{ peakRss: number }])[0].peakRss;
  }
  clearInterval(sampler);

  const lags = doubles
    .flatMap((d) => [...answered].map(([u, at]) => (d.createdAt.get(u) ?? Number.NaN) - at))
    .sort((a, b) => a - b);
  const seconds = (lastApplied - started) / 1000;
  const membershipsPerSecond = expectedMembers / seconds;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const idleP99 = percentile(sorted(idleMs), 99);
  const busyP99 = percentile(sorted(busyMs), 99);
  const duplicates = doubles.reduce((n, d) => n + [...d.creates.values()].filter((c) => c > 1).length, 0);
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    users: USERS,
    connectors: doubles.length,
    memberships: expectedMembers,
    writesSeconds: (writesDone - started) / 1000,
    syncSeconds: seconds,
    membershipsPerSecond: Math.round(membershipsPerSecond),
    noopJobsPerSecond: Math.round(noop),
    ratioToNoop: Number((membershipsPerSecond / noop).toFixed(2)),
    lagP50Ms: percentile(lags, 50),
    lagP99Ms: percentile(lags, 99),
    worker: inProcess ? 'in the serving process (embedded default)' : 'child process',
    workerPeakRssMiB: Math.round(peakRss / 1048576),
    scimPostP99IdleMs: Number(idleP99.toFixed(1)),
    scimPostP99SyncingMs: Number(busyP99.toFixed(1)),
    scimP99Ratio: Number((busyP99 / idleP99).toFixed(2)),
    duplicateUsers: duplicates,
  };
  console.log(JSON.stringify(figures, null, 2));
  await local?.stop();
  if (child) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  client.close();
  await Promise.all(doubles.map((d) => d.close()));
  server.closeAllConnections();
  server.close();
  await runtime.close();
}

await main();
