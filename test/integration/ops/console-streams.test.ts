import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { createOperatorKey } from '../../../src/operators/index.js';
import { addStream, loadStream, suspendStream } from '../../../src/siem-streams/index.js';
import { recordLagPoint } from '../../../src/status/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { launchChromium, screenshot } from '../../helpers/browser.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// The console with SIEM streams wired in (src/ops/console-wiring.ts): a suspended stream shows as
// not active with its reason, one click resumes it (audited with the operator as actor), the
// tenant's 24 h lag chart is drawn from the samples in Redis, and the queue view lists jobs.

const CLI = { type: 'cli' as const, id: 'test' };
const HOUR = 3_600_000;

describe('ops console: SIEM streams, lag chart and queue view', () => {
  let browser: Browser;
  let server: TestServer;
  let writeKey: string;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  beforeEach(async () => {
    server = await startTestServer();
    await createTenant(server.directory, { id: 'acme', name: 'Acme Inc', plan: 'enterprise', actor: CLI });
    await createTenant(server.directory, { id: 'globex', name: 'Globex', plan: 'free', actor: CLI });
    writeKey = (await createOperatorKey(server.directory, { name: 'Ada', role: 'ops:write', actor: CLI })).secret;
  });
  afterEach(() => server.close());

  async function signIn(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/ops`);
    await page.fill('input[name=key]', writeKey);
    await page.click('button[type=submit]');
    return page;
  }

  async function suspendedStream(tenantId: string) {
    const deps = { ...server.directory, kinds: server.siemKinds!, secretBox: server.secretBox! };
    const stream = await addStream(deps, {
      tenantId,
      actor: CLI,
      name: 'splunk-prod',
      kind: 'splunk_hec',
      config: { url: 'http://127.0.0.1:9', token: '9f1c2b7e-0000-4000-8000-000000000001', format: 'raw' },
    });
    await suspendStream(server.directory, stream, 'HEC answered 403: invalid token', new Date());
    return (await loadStream(server.store, tenantId, stream._id))!;
  }

  it('shows a suspended SIEM stream as not active and resumes it in one click, audited as the operator', async () => {
    const stream = await suspendedStream('acme');
    const page = await signIn();
    const row = page.locator(`[data-tenant=acme] tr[data-target="${stream._id}"]`);
    await expect(row.locator('[data-state]').innerText()).resolves.toContain('suspended');
    await expect(row.innerText()).resolves.toContain('HEC answered 403');
    await expect(page.locator('[data-summary=troubled]').innerText()).resolves.toBe('1');
    await screenshot(page, 'ops-stream-suspended');

    await row.locator('button[data-action=stream-resume]').click();
    expect(new URL(page.url()).pathname).toBe('/ops');
    await expect(row.locator('[data-state]').innerText()).resolves.toBe('active');
    await expect(row.locator('button[data-action=stream-resume]').count()).resolves.toBe(0);
    await expect(page.locator('[data-summary=troubled]').innerText()).resolves.toBe('0');
    await screenshot(page, 'ops-stream-resumed');

    const resumed = await server.store
      .collection<AuditEventDoc>('auditEvents')
      .findOne({ tenantId: 'acme', action: 'siem_stream.resumed' });
    expect(resumed).toMatchObject({ actor: { type: 'operator' }, target: { type: 'siem_stream', id: stream._id } });
    await page.context().close();
  });

  it('draws each tenant’s sync and SIEM lag of the last 24 h as a chart with a legend and axes', async () => {
    const now = Date.now();
    for (let i = 1; i <= 96; i++) {
      const t = now - 24 * HOUR + i * 15 * 60_000;
      const wave = Math.max(0, Math.sin(i / 8));
      await recordLagPoint(server.redis, 'acme', { t, sync: Math.round(30 + 400 * wave), siem: i > 80 ? 900 : 45 });
    }
    await suspendedStream('acme');
    const page = await signIn();
    const chart = page.locator('[data-tenant=acme] svg[data-chart=lag]');
    await expect(chart.getAttribute('data-points')).resolves.toBe('96');
    await expect(chart.locator('polyline[data-series=sync]').count()).resolves.toBe(1);
    await expect(chart.locator('polyline[data-series=siem]').count()).resolves.toBe(1);
    const text = (await chart.textContent()) ?? '';
    for (const label of ['sync lag', 'SIEM lag', 'min', 'time (UTC), last 24 h']) expect(text).toContain(label);
    await expect(page.locator('[data-tenant=globex] svg[data-chart=lag]').textContent()).resolves.toContain(
      'no lag samples yet',
    );
    await screenshot(page, 'ops-status-chart');
    await page.context().close();
  });

  it('lists the jobs waiting on roster-events in the queue view', async () => {
    await server.queues.events.add(
      'user.created',
      {
        eventId: 'evt_ops_view',
        tenantId: 'acme',
        type: 'user.created',
        subject: 'usr_1',
        payload: {},
        createdAt: new Date().toISOString(),
        seq: 1,
      },
      { jobId: 'evt_ops_view' },
    );
    const page = await signIn();
    await expect(page.locator('[data-queue=roster-events] td').nth(1).innerText()).resolves.toBe('1');
    await page.goto(`${server.url}/ops/queues/queue/roster-events?status=waiting`);
    await page.waitForSelector('text=evt_ops_view');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'ops-queue-jobs');
    const jobs = await page.evaluate(async () =>
      (await fetch('/ops/queues/api/queues?activeQueue=roster-events&status=waiting')).json(),
    );
    const events = jobs.queues.find((q: { name: string }) => q.name === 'roster-events');
    expect(events.jobs.map((j: { id: string }) => j.id)).toContain('evt_ops_view');
    await page.context().close();
  });
});
