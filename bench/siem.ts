// SIEM delivery throughput: N seeded audit records shipped by the real delivery loop to a local
// HEC-compatible receiver, beside a raw batched POST loop (same pages, same receiver, no delivery
// machinery) in the same run. Usage: node --import tsx bench/siem.ts [N=100000]
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEventDoc } from '../src/audit/index.js';
import { getStream, readAfter } from '../src/siem-streams/index.js';
import { startDeliveryFixture } from '../test/helpers/siem/delivery-fixture.js';

const N = Number(process.argv[2] ?? 100_000);
const TOKEN = 'bench-token';

async function receiver(): Promise<{ url: string; count: () => number; close(): Promise<void> }> {
  let events = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      events += body.split('\n').filter(Boolean).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, count: () => events, close: () => new Promise((r) => server.close(() => r())) };
}

async function seed(f: Awaited<ReturnType<typeof startDeliveryFixture>>, tenantId: string, start: number) {
  const time = new Date().toISOString();
  for (let i = 0; i < N; i += 5000) {
    const docs: AuditEventDoc[] = Array.from({ length: Math.min(5000, N - i) }, (_, j) => ({
      _id: randomUUID(),
      tenantId,
      time,
      actor: { type: 'scim_token', id: 'tok' },
      actorId: 'tok',
      action: 'user.updated',
      outcome: 'success',
      target: { type: 'user', id: `usr_${i + j}` },
      seq: start + i + j + 1,
      expiresAt: new Date(Date.now() + 86_400_000),
    }));
    await f.runtime.store.collection<AuditEventDoc>('auditEvents').insertMany(docs);
  }
}

async function rawLoop(f: Awaited<ReturnType<typeof startDeliveryFixture>>, tenantId: string, url: string) {
  const started = performance.now();
  let after = 0;
  for (;;) {
    const page = await readAfter(f.runtime.store, tenantId, after, 1000);
    if (page.length === 0) break;
    const body = page.map((r) => JSON.stringify({ time: Date.parse(r.time) / 1000, event: r })).join('\n');
    await fetch(`${url}/services/collector/event`, {
      method: 'POST',
      body,
      headers: { authorization: `Splunk ${TOKEN}` },
    });
    after = page[page.length - 1].seq;
  }
  return N / ((performance.now() - started) / 1000);
}

const f = await startDeliveryFixture({ pollMs: 20, scanMs: 50 });
const raw = await receiver();
const hec = await receiver();
try {
  const tenantId = await f.tenant('bench-siem');
  const stream = await f.stream(tenantId, {
    name: 'hec',
    kind: 'splunk_hec',
    config: { url: hec.url, token: TOKEN, format: 'raw' },
    batch: { maxEvents: 1000, maxWaitMs: 0 },
  });
  await f.delivery.stop(); // seed first, then time the drain alone
  await seed(f, tenantId, stream.cursor + 10);
  const rawRate = await rawLoop(f, tenantId, raw.url);
  const { createSiemDelivery } = await import('../workers/siem/index.js');
  const delivery = createSiemDelivery(f.runtime, { pollMs: 20, scanMs: 50 });
  const started = performance.now();
  delivery.start();
  while (hec.count() < N) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  await delivery.stop();
  const doc = await getStream(f.deps, tenantId, stream._id);
  const rate = N / seconds;
  console.log(`events ${N}; raw batched POST loop ${rawRate.toFixed(0)} events/s`);
  console.log(
    `splunk_hec delivery ${rate.toFixed(0)} events/s (${((rate / rawRate) * 100).toFixed(0)}% of raw; target >= 20000 and >= 70%)`,
  );
  console.log(`shipped counter ${doc.counters.shipped}; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await raw.close();
  await hec.close();
  await f.close();
}
