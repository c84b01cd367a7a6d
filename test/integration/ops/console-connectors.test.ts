import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { createOperatorKey } from '../../../src/operators/index.js';
import { launchChromium, screenshot } from '../../helpers/browser.js';
import { startOpsServer, type OpsServer } from '../../helpers/sync/ops-server.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import {
  ACTOR,
  eventually,
  scimUser,
  startSyncHarness,
  type SourceTenant,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// The console's connector rows in a real browser, with the sync workers running against a SCIM
// target double over loopback: a job the target refuses for good lands in the dead letters and
// Retry brings it through once the target accepts; a 401 quarantines the connector and Resume
// makes it active again; deletions the guard held are approved with one click. Each click is
// audited with the operator as actor.

// The quarantine probe would resume a connector by itself once the target answers again: an hour
// between probes leaves that to the operator within a test.
const ENV = { ROSTER_SYNC_QUARANTINE_BASE_MS: '3600000' };

// Workers, a browser and page reloads on a loaded machine: each test gets a child-process budget.
describe('ops console: connectors', { timeout: 90_000 }, () => {
  let browser: Browser;
  let source: SyncHarness;
  let ops: OpsServer;
  let writeKey: string;
  let readKey: string;

  beforeAll(async () => {
    [browser, source] = await Promise.all([launchChromium(), startSyncHarness({ env: ENV })]);
    ops = await startOpsServer(source);
    const key = (name: string, role: 'ops:read' | 'ops:write') =>
      createOperatorKey(source.runtime.domain, { name, role, actor: ACTOR }).then((k) => k.secret);
    [writeKey, readKey] = await Promise.all([key('Ada', 'ops:write'), key('Reader', 'ops:read')]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await ops?.close();
    await source?.close();
  }, 60_000);

  async function signIn(key = writeKey): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${ops.url}/ops`);
    await page.fill('input[name=key]', key);
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/ops');
    return page;
  }

  /** Reloads /ops until the row's cell reads `expected` (the workers move on their own time). */
  async function untilCell(page: Page, row: Locator, cell: string, expected: string) {
    let last = '';
    await eventually(
      `${cell} to read ${expected}`,
      async () => {
        await page.goto(`${ops.url}/ops`);
        last = (await row.locator(cell).innerText({ timeout: 2000 })).trim();
        return last === expected;
      },
      45_000,
    ).catch((err) => {
      throw new Error(`${(err as Error).message}; it read "${last}"`);
    });
  }

  async function connectorOn(down: ScimDouble, name: string, extra: Record<string, unknown> = {}) {
    const t = await source.tenant();
    const doc = await t.addConnector({
      name,
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      ...extra,
    });
    // Its initial full sync (workers/sync/events.ts) has nothing to do; past it, each change is one job.
    await eventually('the initial full sync', async () => (await t.connector(doc._id)).lastFullSync?.finishedAt);
    return { t, doc };
  }

  const audited = (t: SourceTenant, action: string) =>
    source.runtime.store.collection<AuditEventDoc>('auditEvents').findOne({ tenantId: t.tenant, action });

  it('a refused job lands in the dead letters; Retry brings it through once the target accepts', async () => {
    const down = await startScimDouble();
    try {
      const { t, doc } = await connectorOn(down, 'okta-scim');
      down.failAll({ status: 400, body: { detail: 'userName must be an email address', status: '400' } });
      await t.scim('POST', '/Users', scimUser('gil@acme.example'));
      const failed = async () =>
        (await source.runtime.queues.sync.getFailed()).filter((j) => j.data.connectorId === doc._id);
      await eventually('a dead letter', async () => (await failed()).length === 1);

      const page = await signIn();
      const row = page.locator(`[data-tenant=${t.tenant}] tr[data-target="${doc._id}"]`);
      await untilCell(page, row, '[data-dead-letters]', '1');
      await expect(row.locator('[data-state]').innerText()).resolves.toBe('active');
      await expect(row.locator('[data-failed]').innerText()).resolves.toBe('1');
      await expect(row.locator('[data-users]').innerText()).resolves.toBe('1 / 0');
      await expect(row.locator('[data-last-error]').innerText()).resolves.toContain('400');
      await screenshot(page, 'ops-connector-dead-letter');

      down.failAll(undefined);
      await row.locator('button[data-action=connector-retry]').click();
      await expect(page.locator('[data-flash=ok]').innerText()).resolves.toContain('1 dead letter queued again');
      await untilCell(page, row, '[data-users]', '1 / 1');
      await expect(row.locator('[data-dead-letters]').innerText()).resolves.toBe('0');
      await expect(row.locator('button[data-action=connector-retry]').count()).resolves.toBe(0);
      expect(down.creates.get('gil@acme.example')).toBe(1);
      expect(await failed()).toEqual([]);
      await screenshot(page, 'ops-connector-retried');

      expect(await audited(t, 'sync.dead_letters_retried')).toMatchObject({
        actor: { type: 'operator' },
        target: { type: 'connector', id: doc._id },
        details: { replayed: 1 },
      });

      await row.locator('button[data-action=connector-full-sync]').click();
      await expect(page.locator('[data-flash=ok]').innerText()).resolves.toMatch(/full sync \w+ queued, 1 object/);
      const started = await source.runtime.store
        .collection<AuditEventDoc>('auditEvents')
        .findOne({ tenantId: t.tenant, action: 'sync.full_started', 'actor.type': 'operator' });
      expect(started).toMatchObject({ target: { type: 'connector', id: doc._id }, details: { total: 1 } });
      await page.context().close();
    } finally {
      await down.close();
    }
  });

  it('a 401 quarantines the connector; Resume makes it active and its catch-up sync provisions the user', async () => {
    const down = await startScimDouble();
    try {
      const { t, doc } = await connectorOn(down, 'refused');
      down.failAll({ status: 401, body: { detail: 'token revoked' } });
      await t.scim('POST', '/Users', scimUser('hal@acme.example'));
      await eventually('quarantine', async () => (await t.connector(doc._id)).state.status === 'quarantined');

      const page = await signIn();
      const row = page.locator(`[data-tenant=${t.tenant}] tr[data-target="${doc._id}"]`);
      const state = row.locator('[data-state]');
      await expect(state.innerText()).resolves.toMatch(/^quarantined\n.*credentials.*\nnext probe /s);
      await expect(row.locator('button[data-action=connector-full-sync]').count()).resolves.toBe(0);
      await screenshot(page, 'ops-connector-quarantined');
      // An ops:read operator sees the same row, without a button to press.
      const reader = await signIn(readKey);
      const readerRow = reader.locator(`[data-tenant=${t.tenant}] tr[data-target="${doc._id}"]`);
      await expect(readerRow.locator('[data-state]').innerText()).resolves.toMatch(/^quarantined/);
      await expect(readerRow.locator('button').count()).resolves.toBe(0);
      await reader.context().close();

      down.failAll(undefined);
      await row.locator('button[data-action=connector-resume]').click();
      await expect(page.locator('[data-flash=ok]').innerText()).resolves.toContain('resumed');
      await expect(state.innerText()).resolves.toBe('active');
      await expect(row.locator('button[data-action=connector-resume]').count()).resolves.toBe(0);
      await untilCell(page, row, '[data-users]', '1 / 1');
      expect(down.creates.get('hal@acme.example')).toBe(1);
      await screenshot(page, 'ops-connector-resumed');

      expect(await audited(t, 'connector.resumed')).toMatchObject({
        actor: { type: 'operator' },
        target: { type: 'connector', id: doc._id },
      });
      await page.context().close();
    } finally {
      await down.close();
    }
  });

  it('deprovisions the deletion guard held are approved with one click, and then applied downstream', async () => {
    const down = await startScimDouble();
    try {
      const { t, doc } = await connectorOn(down, 'guarded', { deleteGuard: { maxCount: 0, minCount: 0 } });
      const ivy = (await t.scim('POST', '/Users', scimUser('ivy@acme.example'))).body;
      await eventually('ivy downstream', () => down.creates.get('ivy@acme.example') === 1);
      await t.scim('PUT', `/Users/${ivy.id}`, scimUser('ivy@acme.example', { active: false }));
      await eventually('the deprovision held', async () => (await t.connector(doc._id)).heldDeletions);

      const page = await signIn();
      const row = page.locator(`[data-tenant=${t.tenant}] tr[data-target="${doc._id}"]`);
      await expect(row.locator('[data-held]').innerText()).resolves.toMatch(/^1\nsince /);
      await screenshot(page, 'ops-connector-held');

      await row.locator('button[data-action=connector-approve-deletes]').click();
      await expect(page.locator('[data-flash=ok]').innerText()).resolves.toContain('1 held deprovision approved');
      await expect(row.locator('[data-held]').innerText()).resolves.toBe('0');
      const remote = () => [...down.users.values()].find((u) => u.userName === 'ivy@acme.example');
      await eventually('ivy deactivated downstream', () => remote()?.active === false);

      expect(await audited(t, 'connector.deletes_approved')).toMatchObject({
        actor: { type: 'operator' },
        details: { count: 1 },
      });
      // Nothing is held any more: a second approval is refused on the page, not with an error page.
      const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
      const again = await page.context().request.post(`${ops.url}/ops/actions/connector-approve-deletes`, {
        form: { csrf: csrf!, tenant: t.tenant, id: doc._id },
        headers: { accept: 'text/html' },
      });
      expect(again.status()).toBe(200);
      expect(await again.text()).toContain('holds no deletions');
      await page.context().close();
    } finally {
      await down.close();
    }
  });
});
