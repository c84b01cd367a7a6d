// SIEM delivery figures (README "SIEM streams"): N audit records committed through the recorder,
// then shipped by the real delivery loop with the default stream settings (ECS, DEFAULT_BATCH,
// DEFAULT_DELIVERY) (a) to a HEC-compatible receiver in its own process (bench/siem/hec-sink.ts,
// parses every envelope as HEC does) and (b) to a real rsyslogd over TLS; each beside a raw loop
// of the same events pre-encoded and pre-batched, sent to the same receiver in the same run
// (bench/siem/raw-loops.ts: the fair ceiling). Then p99 lag from commit to arrival while records
// commit at a steady rate, and a backlog drain to HEC in a child process with its peak RSS.
// Usage: node --import tsx bench/siem.ts [N=100000] [BACKLOG=1000000] [LAG_RATE=2000/s]
// BENCH_SIEM_PARTS=hec,syslog,lag,drain (default all) runs only those parts.
// BENCH_CPU_PROF=<file> writes a CPU profile of the HEC delivery phase alone (what node --cpu-prof
// writes, without the seeding and the raw loop), to open in Chrome DevTools or speedscope.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_BATCH,
  addStream,
  currentSequence,
  loadStream,
  pauseStream,
  resumeStream,
  type SiemStreamDeps,
} from '../src/siem-streams/index.js';
import { createTenant } from '../src/tenants/index.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';
import { startRsyslog, type ReceivedSyslog } from '../test/helpers/siem/rsyslog.js';
import { createSiemDelivery, type SiemDelivery } from '../workers/siem/index.js';
import { postLoop, prebuildHec, prebuildSyslog, tlsWriteLoop } from './siem/raw-loops.js';
import { commitSteadily, seedAudit } from './siem/seed.js';
import { lineCounter, percentile, startHecSink, until } from './siem/sink.js';

const N = Number(process.argv[2] ?? 100_000);
const BACKLOG = Number(process.argv[3] ?? 1_000_000);
const LAG_RATE = Number(process.argv[4] ?? 2000);
const LAG_SECONDS = 10;
const PARTS = new Set((process.env.BENCH_SIEM_PARTS ?? 'hec,syslog,lag,drain').split(','));
const TOKEN = 'bench-token';
const ACTOR = { type: 'cli', id: 'bench' } as const;
const MiB = 2 ** 20;
interface DrainReport {
  seconds: number;
  startRss: number;
  peakRss: number;
  maxRss: number;
  atPeak: NodeJS.MemoryUsage;
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * CPU time of this process's main thread (the event loop) in µs, from /proc (Linux; 10 ms ticks):
 * process.cpuUsage also counts V8's helper threads (parallel GC, compilers).
 */
function mainThreadMicros(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime + stime, USER_HZ 100
  } catch {
    return Number.NaN;
  }
}

/** Runs `work` under the V8 sampling profiler when BENCH_CPU_PROF names a file. */
async function profiled(work: () => Promise<void>): Promise<void> {
  const file = process.env.BENCH_CPU_PROF;
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await work();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return N / ((performance.now() - started) / 1000);
}

const runtime = await createIsolatedRuntime('bench-siem');
const deps: SiemStreamDeps = { ...runtime.domain, kinds: runtime.siemKinds, secretBox: runtime.secretBox };
const sink = await startHecSink(TOKEN);
const rsyslog = await startRsyslog();
const rsyslogOut = join(rsyslog.certs.caFile, '..', 'out', 'siem.jsonl');
const syslogLines = lineCounter(rsyslogOut);
let delivery: SiemDelivery | undefined;
const deliver = () => {
  delivery = createSiemDelivery(runtime);
  delivery.start();
};
const halt = async () => {
  await delivery?.stop();
  delivery = undefined;
};
const ref = (tenantId: string, stream: string) => ({ tenantId, stream, actor: ACTOR });

/** Resolves once the stream's durable cursor reached the tenant's last sequence. */
async function caughtUp(tenantId: string, streamId: string): Promise<void> {
  const last = await currentSequence(runtime.store, tenantId);
  while (((await loadStream(runtime.store, tenantId, streamId))?.cursor ?? 0) < last)
    await new Promise((r) => setTimeout(r, 20));
}

try {
  const tenantId = 'bench-siem';
  await createTenant(runtime.domain, { id: tenantId, actor: ACTOR });
  const hecConfig = { url: sink.url, token: TOKEN };
  const syslogConfig = { host: '127.0.0.1', port: rsyslog.ports.tls, tls: { ca: rsyslog.certs.ca }, hostname: 'bench' };
  const hec = await addStream(deps, { tenantId, actor: ACTOR, name: 'hec', kind: 'splunk_hec', config: hecConfig });
  const sys = await addStream(deps, { tenantId, actor: ACTOR, name: 'sys', kind: 'syslog', config: syslogConfig });
  await pauseStream(deps, ref(tenantId, 'sys'));
  const seedRate = await seedAudit(runtime, tenantId, N);
  console.log(`seeded ${fmt(N)} audit records through the recorder at ${fmt(seedRate)}/s (5,000 per transaction)`);
  console.log(`batch ${JSON.stringify(DEFAULT_BATCH)}, format ecs; targets: HEC >= 20,000 events/s and >= 70% of raw`);

  // (a) HEC: raw loop of pre-built bodies, then the delivery loop, same receiver.
  if (PARTS.has('hec')) {
    const hecRawInput = await prebuildHec(runtime.store, tenantId, hec.cursor, DEFAULT_BATCH, hecConfig);
    await sink.request('reset');
    const hecRaw = await timed(async () => {
      await postLoop(sink.url, TOKEN, hecRawInput.batches);
      await sink.waitFor(hecRawInput.events);
    });
    await sink.request('reset');
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadMicros();
    const hecRate = await timed(() =>
      profiled(async () => {
        deliver();
        await sink.waitFor(hecRawInput.events);
      }),
    );
    const shipperCpu = process.cpuUsage(cpuBefore);
    const mainCpu = mainThreadMicros() - mainBefore;
    const receiver = await sink.request('stats');
    const perEvent = (micros: number, events: number) => `${(micros / events).toFixed(1)} us`;
    console.log(
      `  CPU per event: shipper ${perEvent(shipperCpu.user + shipperCpu.system, hecRawInput.events)} ` +
        `(this process: read, encode, send; its main thread ${perEvent(mainCpu, hecRawInput.events)}), ` +
        `receiver ${perEvent(receiver.cpuMicros, receiver.events)} (parse)`,
    );
    console.log(`HEC raw POST loop (${hecRawInput.batches.length} pre-built bodies): ${fmt(hecRaw)} events/s`);
    console.log(
      `HEC delivery: ${fmt(hecRate)} events/s = ${((hecRate / hecRaw) * 100).toFixed(0)}% of raw ` +
        '(targets >= 20,000/s, >= 70%)',
    );
  }
  await halt();
  await pauseStream(deps, ref(tenantId, 'hec'));
  // (b) syslog over TLS to rsyslogd: raw TLS write loop, then the delivery loop.
  let base = 0;
  if (PARTS.has('syslog')) {
    const frames = await prebuildSyslog(runtime.store, tenantId, sys.cursor, DEFAULT_BATCH, syslogConfig);
    base = syslogLines();
    const sysRaw = await timed(async () => {
      await tlsWriteLoop(rsyslog.ports.tls, rsyslog.certs.ca, frames.batches);
      await until(() => syslogLines() - base >= frames.events);
    });
    base = syslogLines();
    await resumeStream(deps, ref(tenantId, 'sys'));
    const sysRate = await timed(async () => {
      deliver();
      await until(() => syslogLines() - base >= frames.events);
    });
    console.log(`syslog raw TLS write loop (${frames.batches.length} pre-framed batches): ${fmt(sysRaw)} events/s`);
    console.log(
      `syslog delivery over TLS: ${fmt(sysRate)} events/s = ${((sysRate / sysRaw) * 100).toFixed(0)}% of raw`,
    );
    await halt();
    await pauseStream(deps, ref(tenantId, 'sys'));
  }
  // Lag: records commit at LAG_RATE/s while the caught-up stream ships; arrival − record time.
  if (PARTS.has('lag')) {
    await resumeStream(deps, ref(tenantId, 'sys'));
    deliver();
    await caughtUp(tenantId, sys._id);
    base = syslogLines();
    const sysLagCount = await commitSteadily(runtime, tenantId, LAG_RATE, LAG_SECONDS);
    await until(() => syslogLines() - base >= sysLagCount);
    const lines = readFileSync(rsyslogOut, 'utf8').trimEnd().split('\n').slice(base);
    const sysLags = lines
      .map((l) => JSON.parse(l) as ReceivedSyslog)
      .filter((l) => l.msgid === 'user.updated')
      .map((l) => Date.parse(l.received) - Date.parse(l.timestamp));
    await halt();
    await pauseStream(deps, ref(tenantId, 'sys'));
    await resumeStream(deps, ref(tenantId, 'hec'));
    deliver();
    await caughtUp(tenantId, hec._id);
    await sink.request('reset');
    const hecLagCount = await commitSteadily(runtime, tenantId, LAG_RATE, LAG_SECONDS);
    await sink.waitFor(hecLagCount);
    const hecLags = (await sink.request('lags')).lagsMs;
    await halt();
    const lagLine = (lags: number[]) =>
      `p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms, ` +
      `max ${Math.max(...lags)} ms (${fmt(lags.length)} events)`;
    console.log(
      `lag commit -> arrival at ${fmt(LAG_RATE)} records/s for ${LAG_SECONDS} s ` +
        `(maxWaitMs ${DEFAULT_BATCH.maxWaitMs}):`,
    );
    console.log(`  HEC ${lagLine(hecLags)}`);
    console.log(`  syslog/TLS ${lagLine(sysLags)}`);
  }

  // Backlog drain: BACKLOG records waiting, shipped to HEC by a child process whose RSS is sampled.
  if (PARTS.has('drain')) {
    await pauseStream(deps, ref(tenantId, 'hec'));
    const drainConfig = { url: sink.url, token: TOKEN };
    const drainStream = await addStream(deps, {
      tenantId,
      actor: ACTOR,
      name: 'drain',
      kind: 'splunk_hec',
      config: drainConfig,
    });
    const backlogRate = await seedAudit(runtime, tenantId, BACKLOG);
    const target = await currentSequence(runtime.store, tenantId);
    console.log(`seeded a backlog of ${fmt(BACKLOG)} records at ${fmt(backlogRate)}/s`);
    await sink.request('reset');
    const child = fork(
      fileURLToPath(new URL('./siem/drain.ts', import.meta.url)),
      [tenantId, drainStream._id, String(target)],
      {
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          ROSTER_DATA_DIR: runtime.dataDir,
          ROSTER_REDIS_PREFIX: runtime.prefix,
          ROSTER_PORT: '1',
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const [report] = (await once(child, 'message')) as [DrainReport];
    const drained = (await sink.request('stats')).events;
    console.log(
      `backlog drain: ${fmt(drained)} events in ${report.seconds.toFixed(1)} s = ` +
        `${fmt(drained / report.seconds)} events/s; ` +
        `shipper RSS peak ${(report.peakRss / MiB).toFixed(0)} MiB sampled, ` +
        `${(report.maxRss / MiB).toFixed(0)} MiB kernel high-water mark (target <= 256 MiB)`,
    );
    const part = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
    const { heapTotal, heapUsed, external, arrayBuffers } = report.atPeak;
    console.log(
      `  RSS at start ${part(report.startRss)}; at the peak: V8 heap ${part(heapUsed)} used of ${part(heapTotal)}, ` +
        `external ${part(external)} (array buffers ${part(arrayBuffers)}), ` +
        `the rest (code, SQLite) ${part(report.peakRss - heapTotal - external)}`,
    );
  }
} finally {
  await halt();
  await sink.close();
  await rsyslog.stop();
  await runtime.close();
}
