import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { getStream, pauseStream, replayStream, resumeStream } from '../../../src/siem-streams/index.js';
import { freePort } from '../../helpers/cli.js';
import { ADMIN, startDeliveryFixture, type DeliveryFixture } from '../../helpers/siem/delivery-fixture.js';
import { startHecReceiver, type HecReceiver } from '../../helpers/siem/hec-receiver.js';
import { startJsonReceiver } from '../../helpers/siem/json-receiver.js';
import { waitFor } from '../../helpers/siem/rsyslog.js';

// The delivery loop against a Splunk HEC double: outages, pause, replay and suspension, each
// observed at the receiver (ids, order) and in the stream's durable state.

const TOKEN = '9f1c2b7e-0000-4000-8000-000000000001';

function hecConfig(url: string, token = TOKEN) {
  return { url, token, format: 'raw' as const };
}

/**
 * The tenant's records of `action` the receiver got, in arrival order (raw format: the stored
 * record). The stream's own audit records (siem_stream.created, .paused …) are shipped too.
 */
function received(hec: HecReceiver, tenantId: string, action = 'user.created'): { id: string; seq: number }[] {
  return hec.events
    .map((e) => e.event as { id: string; seq: number; tenantId: string; action: string })
    .filter((e) => e.tenantId === tenantId && e.action === action);
}

async function auditIds(f: DeliveryFixture, tenantId: string, action = 'user.created'): Promise<string[]> {
  const docs = await f.runtime.store
    .collection<AuditEventDoc>('auditEvents')
    .find({ tenantId, action }, { sort: { seq: 1 } });
  return docs.map((d) => d._id);
}

function assertEveryIdInOrder(got: { id: string; seq: number }[], expected: string[]): void {
  const firstSeen: { id: string; seq: number }[] = [];
  const seen = new Set<string>();
  for (const e of got) if (!seen.has(e.id)) seen.add(e.id), firstSeen.push(e);
  expect(expected.filter((id) => !seen.has(id))).toEqual([]);
  const seqs = firstSeen.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
}

describe('SIEM delivery loop', () => {
  let f: DeliveryFixture;
  const receivers: HecReceiver[] = [];
  const hec = async (options: { port?: number } = {}) => {
    const r = await startHecReceiver({ token: TOKEN, ...options });
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    f = await startDeliveryFixture();
  });
  afterAll(async () => {
    await f?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('ships a record larger than the batch byte bound on its own, between batches of the rest', async () => {
    const json = await startJsonReceiver({ name: 'authorization', value: 'Bearer j' });
    try {
      const tenantId = await f.tenant('siem-large-record');
      await f.stream(tenantId, {
        name: 'lines',
        kind: 'http_json',
        config: { url: json.url, auth: { type: 'bearer', token: 'j' } },
        batch: { maxEvents: 100, maxBytes: 2048, maxWaitMs: 100 },
      });
      await f.writeAudit(tenantId, 3);
      await f.writeAudit(tenantId, 1, 1, { details: { note: 'x'.repeat(5000) } }); // 5 KB: over the bound
      await f.writeAudit(tenantId, 3);
      const expected = await auditIds(f, tenantId);
      const ids = () =>
        json.documents
          .map((d) => d as { event: { id: string; action: string }; organization: { id: string } }) // ECS
          .filter((d) => d.organization.id === tenantId && d.event.action === 'user.created')
          .map((d) => d.event.id);
      await waitFor(() => (expected.every((id) => ids().includes(id)) ? true : undefined), 15_000, 'all 7 records');
      expect([...new Set(ids())]).toEqual(expected);
    } finally {
      await json.close();
    }
  });

  it('loses nothing when the SIEM refuses connections, then answers 503, during a burst of 10,000 events', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const tenants = [await f.tenant('siem-burst-a'), await f.tenant('siem-burst-b')];
    const streams = await Promise.all(
      tenants.map((t) => f.stream(t, { name: 'splunk', kind: 'splunk_hec', config: hecConfig(url) })),
    );
    await Promise.all(tenants.map((t) => f.writeAudit(t, 5000, 250)));
    // Refused while nothing listens: the stream counts failures and keeps its backlog.
    await waitFor(
      async () =>
        (await getStream(f.deps, tenants[0], streams[0]._id)).counters.consecutiveFailures > 0 ? true : undefined,
      10_000,
      'a refused delivery attempt',
    );
    const receiver = await hec({ port });
    receiver.failures.push({ status: 503, times: 4, body: { text: 'Server is busy', code: 9 } });
    for (const tenantId of tenants) {
      const expected = await auditIds(f, tenantId);
      expect(expected).toHaveLength(5000);
      await waitFor(
        () => (new Set(received(receiver, tenantId).map((e) => e.id)).size >= 5000 ? true : undefined),
        60_000,
        `every record of ${tenantId} at the receiver`,
      );
      assertEveryIdInOrder(received(receiver, tenantId), expected);
    }
    const after = await getStream(f.deps, tenants[0], streams[0]._id);
    expect(after).toMatchObject({ state: 'active', counters: { consecutiveFailures: 0, failed: 0 } });
    expect(after.counters.shipped).toBeGreaterThanOrEqual(5000);
  });

  it('ships nothing while paused and resumes from its cursor, without re-sending what was delivered', async () => {
    const receiver = await hec();
    const tenantId = await f.tenant('siem-pause');
    const stream = await f.stream(tenantId, { name: 'paused', kind: 'splunk_hec', config: hecConfig(receiver.url) });
    await f.writeAudit(tenantId, 10, 5);
    await waitFor(() => (received(receiver, tenantId).length >= 10 ? true : undefined), 10_000, 'first 10 records');
    await pauseStream(f.deps, { tenantId, stream: stream._id, actor: ADMIN });
    await waitFor(() => (f.delivery.shipping().includes(stream._id) ? undefined : true), 10_000, 'the pump to stop');
    await f.writeAudit(tenantId, 15, 5);
    await f.delivery.nextScan();
    await f.delivery.nextScan();
    expect(received(receiver, tenantId)).toHaveLength(10);
    const paused = await getStream(f.deps, tenantId, stream._id);
    expect(paused.state).toBe('paused');

    await resumeStream(f.deps, { tenantId, stream: stream._id, actor: ADMIN });
    await waitFor(() => (received(receiver, tenantId).length >= 25 ? true : undefined), 10_000, 'all 25 records');
    const ids = received(receiver, tenantId).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await auditIds(f, tenantId));
  });

  it('re-ships a window on replay, with the same record ids', async () => {
    const receiver = await hec();
    const tenantId = await f.tenant('siem-replay');
    const stream = await f.stream(tenantId, { name: 'replayed', kind: 'splunk_hec', config: hecConfig(receiver.url) });
    await f.writeAudit(tenantId, 20, 4);
    await waitFor(
      async () => ((await getStream(f.deps, tenantId, stream._id)).counters.shipped >= 21 ? true : undefined),
      10_000,
      '20 records delivered',
    );
    const first = received(receiver, tenantId);
    const from = first[9].seq - 1; // the last 11 records again
    const replayed = await replayStream(f.deps, { tenantId, stream: stream._id, actor: ADMIN, from });
    expect(replayed.cursor).toBe(from);
    await waitFor(() => (received(receiver, tenantId).length >= 31 ? true : undefined), 10_000, 'the replayed window');
    expect(
      received(receiver, tenantId)
        .slice(20)
        .map((e) => e.id),
    ).toEqual(first.slice(9).map((e) => e.id));
  });

  it('suspends after sustained failure, keeps the backlog, and ships it all after resume', async () => {
    const g = await startDeliveryFixture({ suspendAfterAttempts: 3, suspendAfterMs: 0 });
    try {
      const port = await freePort();
      const tenantId = await g.tenant('siem-suspend');
      const stream = await g.stream(tenantId, {
        name: 'down',
        kind: 'splunk_hec',
        config: hecConfig(`http://127.0.0.1:${port}`),
      });
      await g.writeAudit(tenantId, 30, 10);
      const suspended = await waitFor(
        async () => {
          const doc = await getStream(g.deps, tenantId, stream._id);
          return doc.state === 'suspended' ? doc : undefined;
        },
        10_000,
        'the stream to be suspended',
      );
      expect(suspended.stateReason).toMatch(/Splunk HEC/);
      expect(suspended.counters.consecutiveFailures).toBeGreaterThanOrEqual(3);
      expect(await auditIds(g, tenantId, 'siem_stream.suspended')).toHaveLength(1);

      const receiver = await hec({ port });
      await resumeStream(g.deps, { tenantId, stream: stream._id, actor: ADMIN });
      const expected = await auditIds(g, tenantId);
      await waitFor(() => (received(receiver, tenantId).length >= 30 ? true : undefined), 10_000, 'the backlog');
      assertEveryIdInOrder(received(receiver, tenantId), expected);
    } finally {
      await g.close();
    }
  });

  it('suspends at once when the SIEM refuses the credentials', async () => {
    const receiver = await hec();
    const tenantId = await f.tenant('siem-auth');
    const stream = await f.stream(tenantId, {
      name: 'bad-token',
      kind: 'splunk_hec',
      config: hecConfig(receiver.url, '00000000-0000-4000-8000-00000000dead'),
    });
    await f.writeAudit(tenantId, 3, 3);
    const doc = await waitFor(
      async () => {
        const d = await getStream(f.deps, tenantId, stream._id);
        return d.state === 'suspended' ? d : undefined;
      },
      10_000,
      'the stream to be suspended',
    );
    expect(doc.stateReason).toMatch(/403|Invalid token/);
    expect(doc.cursor).toBe(stream.cursor);
  });

  it('ships only the categories a stream filters for, and moves its cursor past the rest', async () => {
    const receiver = await hec();
    const tenantId = await f.tenant('siem-filter');
    const stream = await f.stream(tenantId, {
      name: 'logins',
      kind: 'splunk_hec',
      config: hecConfig(receiver.url),
      categories: ['authentication'],
    });
    await f.writeAudit(tenantId, 5, 5);
    await f.writeAudit(tenantId, 2, 2, { action: 'user.login', target: { type: 'user', id: 'usr_login' } });
    const logins = () => received(receiver, tenantId, 'user.login');
    await waitFor(() => (logins().length >= 2 ? true : undefined), 10_000, '2 logins');
    expect(logins().map((e) => e.id)).toEqual(await auditIds(f, tenantId, 'user.login'));
    expect(received(receiver, tenantId)).toEqual([]);
    const doc = await waitFor(
      async () => {
        const d = await getStream(f.deps, tenantId, stream._id);
        return d.counters.shipped === 2 ? d : undefined;
      },
      10_000,
      'the cursor to move',
    );
    expect(doc.cursor).toBeGreaterThan(stream.cursor + 6);
  });
});
