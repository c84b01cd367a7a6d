import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { addStream } from '../../../src/siem-streams/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { promtool, sample } from '../../helpers/prometheus.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// /metrics as Prometheus scrapes it: valid exposition (promtool check metrics), and the counters
// move with the operations they count.

const CLI = { type: 'cli' as const, id: 'test' };

describe('/metrics', () => {
  let server: TestServer;
  let token: string;
  const scrape = async () => (await fetch(`${server.metricsUrl}/metrics`)).text();

  beforeAll(async () => {
    server = await startTestServer();
    await createTenant(server.directory, { id: 'acme', plan: 'enterprise', actor: CLI });
    token = (await createCredential(server.directory, { tenantId: 'acme', kind: 'scim', actor: CLI })).secret;
  });
  afterAll(() => server.close());

  const scim = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/scim/v2/acme${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('parses as Prometheus exposition, with queue, store, event-loop and connector families', async () => {
    const text = await scrape();
    // promtool exits 1 when the text does not parse and 3 when it only has lint findings; the
    // only findings are prom-client's default nodejs_*_total gauges, never Roster's own families.
    const { code, output } = await promtool(['check', 'metrics'], text);
    expect([0, 3]).toContain(code);
    const findings = output.split('\n').filter(Boolean);
    expect(findings.filter((line) => !line.startsWith('roster_nodejs_'))).toEqual([]);
    // Numbers, not zeros: the tests of this file share the server and run in any order, and the
    // waiting-job test below leaves its job on the queue (no worker takes it).
    expect(sample(text, 'roster_queue_jobs', { queue: 'roster-events', state: 'waiting' })).toBeTypeOf('number');
    expect(sample(text, 'roster_queue_oldest_waiting_seconds', { queue: 'roster-events' })).toBeTypeOf('number');
    expect(sample(text, 'roster_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE roster_store_operation_duration_seconds histogram');
    expect(text).toContain('# TYPE roster_connector_quarantined gauge');
  });

  it('counts a SCIM create as a success, and a bad one as a client error', async () => {
    const labels = { op: 'create', resource: 'Users' };
    const before = await scrape();
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@acme.example',
    });
    expect(created.status).toBe(201);
    expect((await scim('POST', '/Users', { schemas: [] })).status).toBe(400);
    const after = await scrape();
    const moved = (outcome: string) =>
      (sample(after, 'roster_scim_operations_total', { ...labels, outcome }) ?? 0) -
      (sample(before, 'roster_scim_operations_total', { ...labels, outcome }) ?? 0);
    expect(moved('success')).toBe(1);
    expect(moved('client_error')).toBe(1);
    expect(
      sample(after, 'roster_store_operation_duration_seconds_count', { collection: 'users', operation: 'insertOne' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts a refused SAML login', async () => {
    const before = sample(await scrape(), 'roster_saml_logins_total', { outcome: 'rejected' }) ?? 0;
    const answer = await fetch(`${server.url}/saml/acme/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'SAMLResponse=bm90IHhtbA%3D%3D',
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(sample(await scrape(), 'roster_saml_logins_total', { outcome: 'rejected' })).toBe(before + 1);
  });

  it('shows a waiting job in the queue depth and its age as lag', async () => {
    const waiting = () => server.queues.events.getWaitingCount();
    const before = await waiting();
    await server.queues.events.add('user.created', {
      eventId: 'evt_metrics',
      tenantId: 'acme',
      type: 'user.created',
      subject: 'usr_1',
      payload: {},
      createdAt: new Date().toISOString(),
      seq: 1,
    });
    const text = await scrape();
    expect(sample(text, 'roster_queue_jobs', { queue: 'roster-events', state: 'waiting' })).toBe(before + 1);
    expect(sample(text, 'roster_queue_oldest_waiting_seconds', { queue: 'roster-events' })).toBeGreaterThanOrEqual(0);
  });

  it('reports a SIEM stream’s shipped, refused and lag series on the very first scrape after it is added', async () => {
    await addStream(
      { ...server.directory, kinds: server.siemKinds!, secretBox: server.secretBox! },
      {
        tenantId: 'acme',
        actor: CLI,
        name: 'first-scrape',
        kind: 'splunk_hec',
        config: { url: 'http://127.0.0.1:9', token: '9f1c2b7e-0000-4000-8000-000000000002', format: 'raw' },
      },
    );
    // All three families come from one store read per scrape, so none is a scrape behind the others.
    const text = await scrape();
    const labels = { tenant: 'acme', stream: 'first-scrape' };
    expect(sample(text, 'roster_siem_stream_shipped_events', labels)).toBe(0);
    expect(sample(text, 'roster_siem_stream_failed_events', labels)).toBe(0);
    expect(sample(text, 'roster_siem_stream_lag_seconds', labels)).toBeGreaterThanOrEqual(0);
  });
});
