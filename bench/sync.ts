import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { createApp } from '../src/app.js';
import { addConnector } from '../src/connectors/index.js';
import { createCredential } from '../src/credentials/index.js';
import { bullPrefix } from '../src/queue/index.js';
import { createTenant } from '../src/tenants/index.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';
import { boundHeapGrowth, startWorkers } from '../workers/index.js';
import { connectorCatalogue } from '../workers/sync/index.js';
import { percentile } from './scim-load.js';
import type { DownstreamStats, PeerCommand } from './sync-peer.js';

// bench/sync: BENCH_USERS users (10,000) written over SCIM, each added to one of BENCH_GROUPS
// groups, synced to 3 SCIM connectors (local HTTP doubles) by the sync workers.
// Processes: this one is Roster (SCIM server + workers on the embedded default, or with
// BENCH_WORKER=child a separate `roster worker`); bench/sync-peer.ts is the IdP's SCIM client and
// the three downstream targets, so Roster's CPU and RSS are Roster's alone.
// Phases, figures:
// - live: the SCIM writes and the sync run at once. Memberships applied per second end to end
//   (first write → last membership downstream), p50/p99 lag from the SCIM 2xx to the downstream
//   POST /Users and to the PATCH adding the membership, SCIM POST /Users p99 vs idle. This rate
//   cannot exceed 3 × the SCIM write rate, which is printed beside it.
// - backlog (BENCH_BACKLOG_USERS, default BENCH_USERS): the writes land with the workers stopped;
//   then the workers drain the outbox: memberships/s and sync jobs/s of the engine alone.
// - BullMQ no-op jobs/s, same Redis, same process, same concurrency, before both. A no-op job is
//   one job; a membership costs the sync engine a share of a user job (find + POST), of a group
//   job (one PATCH carries many members) and of the event fan-out, so both ratios are printed.
// Run: node --import tsx bench/sync.ts   (BENCH_CPU_PROF=<dir> profiles the Roster process)

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = env('BENCH_USERS', 10_000);
const BACKLOG = env('BENCH_BACKLOG_USERS', USERS);
const GROUPS = env('BENCH_GROUPS', 100);
const IDLE = env('BENCH_IDLE', 1_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 8);
const NOOP_JOBS = env('BENCH_NOOP_JOBS', 20_000);
const CONCURRENCY = String(env('BENCH_SYNC_CONCURRENCY', 16));
const DOWNSTREAMS = 3;
const ACTOR = { type: 'cli' as const, id: 'bench' };
const step = (what: string) => process.stderr.write(`bench/sync: ${what}\n`);

/** No-op jobs per second, and this process's CPU milliseconds per no-op job. */
async function noopThroughput(runtime: {
  bullConnection: any;
  config: any;
}): Promise<{ perSecond: number; cpuMs: number }> {
  const prefix = `${bullPrefix(runtime.config.redis.prefix)}-noop`;
  const queue = new Queue('bench-noop', { connection: runtime.bullConnection, prefix });
  await queue.addBulk(Array.from({ length: NOOP_JOBS }, (_, i) => ({ name: 'noop', data: { i } })));
  let done = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
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
  const used = process.cpuUsage(cpu);
  await queue.obliterate({ force: true });
  await queue.close();
  return { perSecond, cpuMs: (used.user + used.system) / 1000 / NOOP_JOBS };
}

/** The peer process: one command at a time, answered in order. */
function startPeer(): { ask<T>(command: PeerCommand): Promise<T>; child: ChildProcess } {
  const child = fork(fileURLToPath(new URL('./sync-peer.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let chain: Promise<unknown> = once(child, 'message');
  const ask = <T>(command: PeerCommand): Promise<T> => {
    const answer = chain.then(async () => {
      const reply = once(child, 'message');
      child.send(command);
      const [message] = (await reply) as [{ ok: boolean; reply: T; error?: string }];
      if (!message.ok) throw new Error(`bench/sync-peer: ${message.error}`);
      return message.reply;
    });
    chain = answer.catch(() => undefined);
    return answer;
  };
  return { ask, child };
}

const sorted = (xs: number[]) => xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function main() {
  const runtime = await createIsolatedRuntime('bench-sync', {
    ROSTER_SYNC_CONCURRENCY: CONCURRENCY,
    ...(process.env.BENCH_COALESCE_MS ? { ROSTER_SYNC_COALESCE_MS: process.env.BENCH_COALESCE_MS } : {}),
    // A/B of workers/heap.ts: ROSTER_WORKER_HEAP_GROWTH_PERCENT=0 leaves V8's own heap sizing.
    ...(process.env.ROSTER_WORKER_HEAP_GROWTH_PERCENT
      ? { ROSTER_WORKER_HEAP_GROWTH_PERCENT: process.env.ROSTER_WORKER_HEAP_GROWTH_PERCENT }
      : {}),
  });
  // `roster serve` starts its workers, and with them the heap bound (workers/heap.ts), before any
  // load; here they start after the no-op baseline, so the bound is set first, as serve sets it.
  boundHeapGrowth(runtime.config.workerHeapGrowthPercent);
  const server = createServer(createApp(runtime));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const peer = startPeer();
  const { doubles } = await peer.ask<{ doubles: Array<{ url: string; token: string }> }>({
    type: 'start',
    doubles: DOWNSTREAMS,
    redisUrl: runtime.config.redis.url,
    bullPrefix: bullPrefix(runtime.config.redis.prefix),
  });
  step('BullMQ no-op baseline');
  const { perSecond: noop, cpuMs: noopCpuMs } = await noopThroughput(runtime);

  const tenant = 'bench';
  await createTenant(runtime.domain, { id: tenant, plan: 'enterprise', actor: ACTOR });
  const { secret } = await createCredential(runtime.domain, { tenantId: tenant, kind: 'scim', actor: ACTOR });
  const scim = `${base}/scim/v2/${tenant}`;

  // BENCH_WORKER=inprocess (default): the embedded default, workers inside the serving process
  // (ROSTER_WORKERS_IN_SERVE); child: a separate `roster worker` on the same SQLite file.
  const inProcess = (process.env.BENCH_WORKER ?? 'inprocess') === 'inprocess';
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  let peakRss = process.memoryUsage.rss();
  // What the peak is made of (V8 heap vs the rest: SQLite, buffers, malloc), in-process only.
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    if (!inProcess) return;
    const now = process.memoryUsage();
    if (now.rss > peakRss) [peakRss, atPeak] = [now.rss, now];
  }, 200);
  let child: ChildProcess | undefined;
  let local: Awaited<ReturnType<typeof startWorkers>> | undefined;
  const startWorkerSide = async () => {
    if (inProcess) {
      local = await startWorkers(runtime);
      return;
    }
    child = fork(fileURLToPath(new URL('../test/helpers/sync/worker-child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', ...profile],
      env: {
        ...process.env,
        ROSTER_DATA_DIR: runtime.dataDir,
        ROSTER_REDIS_PREFIX: runtime.prefix,
        ROSTER_SYNC_CONCURRENCY: CONCURRENCY,
        ...(process.env.BENCH_COALESCE_MS ? { ROSTER_SYNC_COALESCE_MS: process.env.BENCH_COALESCE_MS } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await once(child, 'message');
  };
  const stopWorkerSide = async () => {
    await local?.stop();
    local = undefined;
    if (!child) return;
    child.send('rss');
    peakRss = Math.max(peakRss, ((await once(child, 'message')) as [{ peakRss: number }])[0].peakRss);
    child.kill('SIGTERM');
    await once(child, 'exit');
    child = undefined;
  };
  await startWorkerSide();

  step('idle SCIM writes');
  // Idle: SCIM POST /Users with the workers running and no connector yet.
  const idle = await peer.ask<{ ms: number[] }>({ type: 'idle', scim, secret, count: IDLE, connections: CONNECTIONS });
  const { ids: groupIds } = await peer.ask<{ ids: string[] }>({ type: 'groups', scim, secret, count: GROUPS });
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
  const stats = () => peer.ask<{ doubles: DownstreamStats[]; syncJobsCompleted: number }>({ type: 'stats' });
  const untilSettled = async (check: (s: DownstreamStats[]) => boolean) => {
    for (let ticks = 1; ; ticks++) {
      const now = await stats();
      if (check(now.doubles)) return now;
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (ticks % 50 === 0)
        step(
          `downstreams: ${now.doubles
            .map((d) => `${d.users} users, ${d.groups} groups, ${d.members} members`)
            .join(' | ')}`,
        );
    }
  };
  const members = (s: DownstreamStats[]) => s.reduce((n, d) => n + d.members, 0);
  step('connectors added; initial full syncs');
  // The connectors' initial full syncs (the idle users and empty groups) settle first.
  await untilSettled((s) => s.every((d) => d.groups === GROUPS && d.users >= IDLE));

  step(`live: ${USERS} users written while syncing`);
  const jobsBeforeLive = (await stats()).syncJobsCompleted;
  const cpuBeforeLive = process.cpuUsage();
  const burst = await peer.ask<{ ms: number[]; started: number; finished: number }>({
    type: 'burst',
    scim,
    secret,
    from: 0,
    count: USERS,
    groupIds,
    connections: CONNECTIONS,
  });
  step('writes done; waiting for the downstreams');
  const live = await untilSettled((s) => members(s) >= USERS * DOWNSTREAMS);
  const liveEnd = Math.max(...live.doubles.map((d) => d.lastMemberAt));
  const liveCpu = process.cpuUsage(cpuBeforeLive);
  const lags = await peer.ask<{ users: number[]; members: number[] }>({ type: 'lags', from: 0, count: USERS });

  let backlog: Record<string, number> | undefined;
  if (BACKLOG > 0) {
    step(`backlog: ${BACKLOG} users written with the workers stopped`);
    await stopWorkerSide();
    const writes = await peer.ask<{ started: number; finished: number }>({
      type: 'burst',
      scim,
      secret,
      from: USERS,
      count: BACKLOG,
      groupIds,
      connections: CONNECTIONS,
    });
    const jobsBefore = (await stats()).syncJobsCompleted;
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    await startWorkerSide();
    const drained = await untilSettled((s) => members(s) >= (USERS + BACKLOG) * DOWNSTREAMS);
    const seconds = (Math.max(...drained.doubles.map((d) => d.lastMemberAt)) - started) / 1000;
    const jobs = drained.syncJobsCompleted - jobsBefore;
    const cpu = process.cpuUsage(cpuBefore);
    backlog = {
      users: BACKLOG,
      memberships: BACKLOG * DOWNSTREAMS,
      writesSeconds: (writes.finished - writes.started) / 1000,
      drainSeconds: seconds,
      membershipsPerSecond: Math.round((BACKLOG * DOWNSTREAMS) / seconds),
      syncJobs: jobs,
      syncJobsPerSecond: Math.round(jobs / seconds),
      membershipsRatioToNoop: round((BACKLOG * DOWNSTREAMS) / seconds / noop),
      jobsRatioToNoop: round(jobs / seconds / noop),
      // Of one core: the serving process's CPU time over the drain (in-process workers only).
      rosterCpuShare: round((cpu.user + cpu.system) / 1e6 / seconds),
      // Load-independent: CPU per membership, and in no-op jobs' CPU (the same process's).
      rosterCpuMsPerMembership: round((cpu.user + cpu.system) / 1000 / (BACKLOG * DOWNSTREAMS)),
      cpuPerMembershipInNoopJobs: round((cpu.user + cpu.system) / 1000 / (BACKLOG * DOWNSTREAMS) / noopCpuMs, 1),
    };
  }
  await stopWorkerSide();
  clearInterval(sampler);
  const final = await stats();

  const liveSeconds = (liveEnd - burst.started) / 1000;
  const writesSeconds = (burst.finished - burst.started) / 1000;
  const liveJobs = live.syncJobsCompleted - jobsBeforeLive;
  const idleP99 = percentile(sorted(idle.ms), 99);
  const busyP99 = percentile(sorted(burst.ms), 99);
  const userLags = sorted(lags.users);
  const memberLags = sorted(lags.members);
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    users: USERS,
    connectors: DOWNSTREAMS,
    concurrency: Number(CONCURRENCY),
    worker: inProcess ? 'in the serving process (embedded default)' : 'child process',
    noopJobsPerSecond: Math.round(noop),
    noopCpuMsPerJob: round(noopCpuMs, 3),
    live: {
      memberships: USERS * DOWNSTREAMS,
      writesSeconds,
      scimUsersWrittenPerSecond: Math.round(USERS / writesSeconds),
      ceilingMembershipsPerSecond: Math.round((USERS * DOWNSTREAMS) / writesSeconds),
      syncSeconds: liveSeconds,
      membershipsPerSecond: Math.round((USERS * DOWNSTREAMS) / liveSeconds),
      membershipsRatioToNoop: round((USERS * DOWNSTREAMS) / liveSeconds / noop),
      syncJobsPerSecond: Math.round(liveJobs / liveSeconds),
      userLagP50Ms: percentile(userLags, 50),
      userLagP99Ms: percentile(userLags, 99),
      membershipLagP50Ms: percentile(memberLags, 50),
      membershipLagP99Ms: percentile(memberLags, 99),
      scimPostP99IdleMs: round(idleP99, 1),
      scimPostP99SyncingMs: round(busyP99, 1),
      scimP99Ratio: round(busyP99 / idleP99),
      rosterCpuShare: round((liveCpu.user + liveCpu.system) / 1e6 / liveSeconds),
      // SCIM serving and syncing together, per membership.
      rosterCpuMsPerMembership: round((liveCpu.user + liveCpu.system) / 1000 / (USERS * DOWNSTREAMS)),
    },
    backlog,
    workerPeakRssMiB: Math.round(peakRss / 1048576),
    ...(inProcess
      ? {
          atPeakMiB: {
            heapTotal: Math.round(atPeak.heapTotal / 1048576),
            heapUsed: Math.round(atPeak.heapUsed / 1048576),
            external: Math.round(atPeak.external / 1048576),
          },
        }
      : {}),
    duplicateUsers: final.doubles.reduce((n, d) => n + d.duplicates, 0),
  };
  console.log(JSON.stringify(figures, null, 2));
  await peer.ask({ type: 'stop' }).catch(() => undefined);
  server.closeAllConnections();
  server.close();
  await runtime.close();
}

await main();
