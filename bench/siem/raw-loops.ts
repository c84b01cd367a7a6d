// The fair ceilings of bench/siem.ts: the same events, encoded exactly as the shippers encode them
// (hecEnvelope, syslogFrame) and cut into the same batches BEFORE the clock starts, then sent one
// batch at a time to the same receiver: HEC by POST of the UTF-8 body with the shippers' own HTTP client
// (workers/siem/http.ts), syslog by one TLS connection written batch by batch.
import { hostname } from 'node:os';
import { connect } from 'node:tls';
import type { AuditEventDoc } from '../../src/audit/index.js';
import { type BatchSettings, readAfter } from '../../src/siem-streams/index.js';
import type { Store } from '../../src/store/index.js';
import { joinUrl, send } from '../../workers/siem/http.js';
import { hecEnvelope, parseSplunkHecConfig } from '../../workers/siem/shippers/splunk-hec.js';
import { parseSyslogConfig, syslogFrame } from '../../workers/siem/shippers/syslog.js';

export interface Prebuilt<B> {
  /** Records encoded (the sequence also numbers domain events, so it cannot be counted from seq). */
  events: number;
  batches: B[];
}

const countOf = (batches: unknown[][]) => batches.reduce((n, b) => n + b.length, 0);

/** Every record of the tenant after `afterSeq`, encoded, cut at the batch bounds. */
async function prebuild<E extends string | Buffer>(
  store: Store,
  tenantId: string,
  afterSeq: number,
  batch: BatchSettings,
  encode: (r: AuditEventDoc) => E,
): Promise<E[][]> {
  const batches: E[][] = [[]];
  let bytes = 0;
  for (let after = afterSeq; ; ) {
    const page = await readAfter(store, tenantId, after, 1000);
    if (page.length === 0) return batches.filter((b) => b.length > 0);
    for (const record of page) {
      const encoded = encode(record);
      const size = typeof encoded === 'string' ? Buffer.byteLength(encoded) + 1 : encoded.length;
      let current = batches[batches.length - 1];
      if (current.length >= batch.maxEvents || (current.length > 0 && bytes + size > batch.maxBytes)) {
        batches.push((current = []));
        bytes = 0;
      }
      current.push(encoded);
      bytes += size;
    }
    after = page[page.length - 1].seq;
  }
}

export async function prebuildHec(
  store: Store,
  tenantId: string,
  afterSeq: number,
  batch: BatchSettings,
  config: Record<string, unknown>,
): Promise<Prebuilt<Buffer>> {
  const resolved = parseSplunkHecConfig(config);
  const host = resolved.host ?? hostname();
  const batches = await prebuild(store, tenantId, afterSeq, batch, (r) => hecEnvelope(r, resolved, host));
  return { events: countOf(batches), batches: batches.map((b) => Buffer.from(b.join('\n'))) };
}

/** POSTs each pre-built body in turn with the shippers' client; resolves when the last one was answered. */
export async function postLoop(url: string, token: string, bodies: Buffer[]): Promise<void> {
  for (const body of bodies) {
    const reply = await send('raw loop', {
      url: joinUrl(url, 'services/collector/event'),
      body,
      headers: { authorization: `Splunk ${token}`, 'content-type': 'application/json' },
      timeoutMs: 30_000,
    });
    if (reply.status !== 200) throw new Error(`raw loop: HTTP ${reply.status} ${reply.text}`);
  }
}

export async function prebuildSyslog(
  store: Store,
  tenantId: string,
  afterSeq: number,
  batch: BatchSettings,
  config: Record<string, unknown>,
): Promise<Prebuilt<Buffer>> {
  const resolved = parseSyslogConfig(config);
  const batches = await prebuild(store, tenantId, afterSeq, batch, (r) => syslogFrame(r, resolved));
  return { events: countOf(batches), batches: batches.map((b) => Buffer.concat(b)) };
}

/** Writes each pre-framed batch in turn over one TLS connection, waiting for each write to be taken. */
export async function tlsWriteLoop(port: number, ca: string, batches: Buffer[]): Promise<void> {
  const socket = connect({ host: '127.0.0.1', port, ca });
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  for (const bytes of batches)
    await new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  await new Promise<void>((resolve) => socket.end(resolve));
}
