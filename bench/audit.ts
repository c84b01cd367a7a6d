import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, createServer, get } from 'node:http';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { type AuditEventDoc, EVENT_NAMES } from '../src/audit/index.js';
import { createApp } from '../src/app.js';
import { listAudit, parseAuditQuery } from '../src/audit-log/index.js';
import { createCredential } from '../src/credentials/index.js';
import { createTenant } from '../src/tenants/index.js';
import { createIsolatedRuntime } from '../test/helpers/isolated-runtime.js';

// bench/audit: GET /v1/audit over real HTTP against BENCH_RECORDS (default 1,000,000) audit
// records of one tenant on the embedded store, seeded straight through the store in bulk.
// Prints p50/p99 page latency per filter (target: ≤ 50 ms p99 with a filter) and the export rate.
// Beside each filter, the same client asks a bare express endpoint in the same process for a
// body of the same size (that page, pre-serialized), interleaved request by request: what the
// machine, Node's HTTP stack and the client cost, so the rest is Roster's (auth, middleware, query).
// Run: node --import tsx bench/audit.ts   Env: BENCH_RECORDS, BENCH_REQUESTS (per filter, 200),
// BENCH_EXPORT=0 to skip the full export, BENCH_CLIENT=fetch for Node's fetch as the client,
// BENCH_DATA_DIR=<dir> to keep the seeded store for the next run.

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const EXPORT = process.env.BENCH_EXPORT !== '0';
const CLIENT = process.env.BENCH_CLIENT === 'fetch' ? 'fetch' : 'node:http';
const TENANT = 'bench';
const USERS = 1000;
const TARGETS = 5000;
const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN_MS = 60 * 86_400_000;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function recordAt(i: number): AuditEventDoc {
  const time = new Date(START + Math.floor((i / RECORDS) * SPAN_MS));
  const roll = (Math.imul(i ^ (i >>> 7), 0x9e3779b1) >>> 0) % 100;
  const outcome = roll < 90 ? 'success' : roll < 95 ? 'denied' : 'failure';
  const actorId = `usr_${(i * 7919) % USERS}`;
  return {
    _id: randomUUID(),
    tenantId: TENANT,
    seq: i + 1,
    time: time.toISOString(),
    actor: { type: 'user', id: actorId },
    actorId,
    action: EVENT_NAMES[(i * 31) % EVENT_NAMES.length],
    target: { type: 'user', id: `usr_t${(i * 104729) % TARGETS}` },
    outcome,
    sourceIp: '10.0.0.1',
    expiresAt: new Date(Date.now() + 90 * 86_400_000),
  };
}

async function seed(runtime: Awaited<ReturnType<typeof createIsolatedRuntime>>): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < RECORDS; from += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, RECORDS - from) }, (_, k) => recordAt(from + k));
    await runtime.store.withTransaction((tx) => tx.collection<AuditEventDoc>('auditEvents').insertMany(batch));
  }
  // Later records continue the sequence (src/audit/recorder.ts).
  await runtime.store
    .collection('sequences')
    .updateOne({ _id: TENANT }, { $set: { tenantId: TENANT, value: RECORDS + 1000 } }, { upsert: true });
  return performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * One GET over a keep-alive node:http agent; resolves with status and body. BENCH_CLIENT=fetch
 * uses Node's fetch instead (what this bench used before: a heavier client in the server's own
 * process, which added milliseconds to every request on this VM).
 */
function httpGet(agent: Agent, url: string, key?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (CLIENT === 'fetch')
    return fetch(url, { headers }).then(async (reply) => ({ status: reply.status, body: await reply.text() }));
  return new Promise((resolve, reject) => {
    get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

interface Latency {
  p50: number;
  p99: number;
}

function summary(times: number[]): Latency {
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/**
 * REQUESTS pages of `query` from Roster and, alternating with them, REQUESTS answers of the
 * same bytes from the bare endpoint, so both see the same machine at the same moments.
 */
async function measure(
  url: string,
  bareUrl: string,
  setBody: (body: string) => void,
  key: string,
  query: string,
): Promise<{ roster: Latency; bare: Latency; rows: number; bytes: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const bareAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const roster: number[] = [];
  const bare: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < REQUESTS + 10; i++) {
    let started = performance.now();
    const reply = await httpGet(agent, `${url}/v1/audit?${query}`, key);
    const rosterMs = performance.now() - started;
    if (reply.status !== 200) throw new Error(`${query}: ${reply.status} ${reply.body}`);
    rows = (JSON.parse(reply.body) as { data: unknown[] }).data.length;
    bytes = Buffer.byteLength(reply.body);
    if (i === 0) setBody(reply.body);
    started = performance.now();
    const baseline = await httpGet(bareAgent, `${bareUrl}/page`);
    const bareMs = performance.now() - started;
    if (baseline.status !== 200) throw new Error(`bare endpoint: ${baseline.status}`);
    if (i >= 10) {
      // the first 10 warm up
      roster.push(rosterMs);
      bare.push(bareMs);
    }
  }
  agent.destroy();
  bareAgent.destroy();
  return { roster: summary(roster), bare: summary(bare), rows, bytes };
}

/** The same page read in-process (domain call, no HTTP): the store's share of the latency. */
async function measureDirect(
  deps: Parameters<typeof listAudit>[0],
  query: string,
): Promise<{ p50: number; p99: number }> {
  const parsed = parseAuditQuery(Object.fromEntries(new URLSearchParams(query)));
  const times: number[] = [];
  for (let i = 0; i < REQUESTS + 10; i++) {
    const started = performance.now();
    await listAudit(deps, TENANT, parsed);
    if (i >= 10) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

async function exportAll(url: string, key: string): Promise<{ ms: number; lines: number; peakRssMiB: number }> {
  const started = performance.now();
  const reply = await fetch(`${url}/v1/audit/export?format=ndjson&order=asc`, {
    headers: { authorization: `Bearer ${key}` },
  });
  let lines = 0;
  let peak = process.memoryUsage.rss();
  for await (const chunk of reply.body as unknown as AsyncIterable<Uint8Array>) {
    for (const byte of chunk) if (byte === 10) lines++;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  return { ms: performance.now() - started, lines, peakRssMiB: peak / 2 ** 20 };
}

const DATA_DIR = process.env.BENCH_DATA_DIR;
const runtime = await createIsolatedRuntime('bench-audit', DATA_DIR ? { ROSTER_DATA_DIR: DATA_DIR } : {});
try {
  const actor = { type: 'system' as const, id: 'bench' };
  const seeded = (await runtime.store.collection('tenants').findOne({ _id: TENANT })) !== null;
  if (!seeded) await createTenant(runtime.domain, { id: TENANT, actor });
  const { secret } = await createCredential(runtime.domain, { tenantId: TENANT, kind: 'admin', actor });
  const seedMs = seeded ? 0 : await seed(runtime);
  if (seeded) console.log(`reusing the store seeded in ${DATA_DIR}`);
  else
    console.log(
      `seeded ${fmt(RECORDS, 0)} audit records in ${fmt(seedMs / 1000)} s (${fmt(RECORDS / (seedMs / 1000), 0)}/s)`,
    );
  const server = createServer(createApp(runtime));
  // Longer than any pause between requests, so the client never reuses a socket the server is closing.
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The baseline: plain express, no middleware, the page's bytes sent as they are.
  let bareBody = '{}';
  const bare = express();
  bare.get('/page', (_req, res) => {
    res.type('application/json').send(bareBody);
  });
  const bareServer = createServer(bare);
  bareServer.keepAliveTimeout = 60_000;
  bareServer.listen(0, '127.0.0.1');
  await once(bareServer, 'listening');
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  const middle = Buffer.from(`a1:desc:${Math.floor(RECORDS / 2)}`).toString('base64url');
  const recent = new Date(START + SPAN_MS - 86_400_000).toISOString();
  const cases: Array<[string, string]> = [
    ['no filter, newest page', 'limit=50'],
    ['actor', 'actor=usr_42&limit=50'],
    ['action', 'action=access.denied&limit=50'],
    ['action noun.* (IN list)', 'action=group.*&limit=50'],
    ['target', 'target=usr_t77&limit=50'],
    ['actor + outcome=denied', 'actor=usr_42&outcome=denied&limit=50'],
    ['outcome=denied', 'outcome=denied&limit=50'],
    ['actor, deep page (cursor at seq 500,000)', `actor=usr_42&limit=50&cursor=${middle}`],
    ['last day (from)', `from=${recent}&limit=50`],
    ['actor, oldest first', 'actor=usr_42&order=asc&limit=50'],
  ];
  console.log(`\nGET /v1/audit over HTTP (${CLIENT} client), ${REQUESTS} sequential requests per filter, page of 50:`);
  console.log(
    'filter | rows | bytes | HTTP p50 ms | HTTP p99 ms | bare express p50 ms | bare p99 ms | ' +
      'in-process p50 ms | in-process p99 ms',
  );
  for (const [name, query] of cases) {
    const r = await measure(url, bareUrl, (body) => (bareBody = body), secret, query);
    const d = await measureDirect(runtime.domain, query);
    const cells = [r.roster.p50, r.roster.p99, r.bare.p50, r.bare.p99, d.p50, d.p99].map((v) => fmt(v, 2));
    console.log(`${name} | ${r.rows} | ${r.bytes} | ${cells.join(' | ')}`);
  }
  if (EXPORT) {
    const r = await exportAll(url, secret);
    console.log(
      `\nexport NDJSON of all ${fmt(r.lines, 0)} records: ${fmt(r.ms / 1000)} s ` +
        `(${fmt(r.lines / (r.ms / 1000), 0)} records/s), ` +
        `peak RSS ${fmt(r.peakRssMiB, 0)} MiB (server and client in one process)`,
    );
  }
  server.closeAllConnections();
  server.close();
  bareServer.closeAllConnections();
  bareServer.close();
} finally {
  await runtime.close();
}
