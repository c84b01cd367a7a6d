import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOperatorKey } from '../../../src/operators/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { launchChromium, screenshot } from '../../helpers/browser.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// The ops console in a real browser: signing in with an operator key, the status page, the queue
// view, and what is refused without a session, without the role or without the CSRF token.

const CLI = { type: 'cli' as const, id: 'test' };

describe('ops console', () => {
  let browser: Browser;
  let server: TestServer;
  let readKey: string;
  let writeKey: string;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  beforeEach(async () => {
    server = await startTestServer();
    await createTenant(server.directory, { id: 'acme', name: 'Acme Inc', plan: 'enterprise', actor: CLI });
    readKey = (await createOperatorKey(server.directory, { name: 'Reader', role: 'ops:read', actor: CLI })).secret;
    writeKey = (await createOperatorKey(server.directory, { name: 'Ada', role: 'ops:write', actor: CLI })).secret;
  });
  afterEach(() => server.close());

  async function signIn(key: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/ops`);
    await page.fill('input[name=key]', key);
    await page.click('button[type=submit]');
    return { context, page };
  }

  it('refuses /ops and /ops/queues without signing in, sending a browser to the sign-in form', async () => {
    for (const path of ['/ops', '/ops/queues']) {
      const answer = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toBe('/ops/sign-in');
    }
    expect((await fetch(`${server.url}/ops/queues/api/queues`)).status).toBe(401);
    const page = await browser.newPage();
    await page.goto(`${server.url}/ops`);
    expect(new URL(page.url()).pathname).toBe('/ops/sign-in');
    await screenshot(page, 'ops-sign-in');
    await page.close();
  });

  it('signs in with an operator key and shows every tenant on the status page', async () => {
    const { context, page } = await signIn(writeKey);
    expect(new URL(page.url()).pathname).toBe('/ops');
    await expect(page.locator('[data-tenant=acme] h2').innerText()).resolves.toContain('Acme Inc');
    await expect(page.locator('[data-queue=roster-events]').count()).resolves.toBe(1);
    const cookie = (await context.cookies()).find((c) => c.name === '__Host-roster_ops');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    await screenshot(page, 'ops-status');
    await context.close();
  });

  it('refuses a wrong key with the form again, and audits the attempt', async () => {
    const { context, page } = await signIn('rst_op_not-a-real-key');
    await expect(page.locator('[role=alert]').innerText()).resolves.toContain('not valid');
    await context.close();
  });

  it('lists the queues in the queue view', async () => {
    const { context, page } = await signIn(readKey);
    await page.goto(`${server.url}/ops/queues`);
    await page.waitForSelector('text=roster-events');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'ops-queues');
    const api = await page.evaluate(async () => (await fetch('/ops/queues/api/queues')).json());
    expect(api.queues.map((q: { name: string }) => q.name)).toContain('roster-events');
    expect(api.queues[0].readOnlyMode).toBe(true);
    await context.close();
  });

  it('refuses an action without the session CSRF token, and any action to a read-only operator', async () => {
    const writer = await signIn(writeKey);
    const action = `${server.url}/ops/actions/connector-resume`;
    const noToken = await writer.context.request.post(action, { form: { tenant: 'acme', id: 'x' } });
    expect(noToken.status()).toBe(403);
    const csrf = await writer.page.locator('input[name=csrf]').first().getAttribute('value');
    const crossSite = await writer.context.request.post(action, {
      form: { csrf: csrf!, tenant: 'acme', id: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status()).toBe(403);
    const reader = await signIn(readKey);
    const readerCsrf = await reader.page.locator('input[name=csrf]').first().getAttribute('value');
    const asReader = await reader.context.request.post(action, {
      form: { csrf: readerCsrf!, tenant: 'acme', id: 'x' },
    });
    expect(asReader.status()).toBe(403);
    await writer.context.close();
    await reader.context.close();
  });

  it('signs out, after which the session no longer opens the console', async () => {
    const { context, page } = await signIn(readKey);
    await page.click('header button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/ops/sign-in');
    await page.goto(`${server.url}/ops`);
    expect(new URL(page.url()).pathname).toBe('/ops/sign-in');
    await context.close();
  });
});
