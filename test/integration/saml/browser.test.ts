import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { launchChromium } from '../../helpers/browser.js';
import { startIdpServer, type IdpServer } from '../../helpers/saml-idp-server.js';
import { FIXTURES } from '../../helpers/saml-idp.js';
import { ADMIN, defineRoles, type SamlFixture } from '../../helpers/saml-sp.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// the whole login in a real browser. Roster answers on 127.0.0.1 and the IdP
// on localhost, two different sites, so the POST to the ACS is a cross-site navigation that
// carries no SameSite cookie, as in production.

describe('SAML login in a headless browser', () => {
  let browser: Browser;
  let server: TestServer;
  let idp: IdpServer;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  beforeEach(async () => {
    server = await startTestServer({
      ROSTER_SAML_SP_KEY_FILE: path.join(FIXTURES, 'sp-signing.key.pem'),
      ROSTER_SAML_SP_CERT_FILE: path.join(FIXTURES, 'sp-signing.cert.pem'),
    });
    idp = await startIdpServer({ wantAuthnRequestsSigned: true });
    await createTenant(server.directory, { id: 'acme', plan: 'enterprise', actor: ADMIN });
    // Set up the way an admin does: SP metadata to the IdP, IdP metadata to Roster's admin API.
    idp.trustSp(await (await fetch(`${server.url}/saml/acme/metadata`)).text());
    const key = (await createCredential(server.directory, { tenantId: 'acme', kind: 'admin', actor: ADMIN })).secret;
    const imported = await fetch(`${server.url}/v1/saml/connection/metadata`, {
      method: 'PUT',
      body: idp.idp.metadataXml(),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/samlmetadata+xml' },
    });
    expect(imported.status).toBe(200);
    const profile = await fetch(`${server.url}/v1/saml/connection`, {
      method: 'PUT',
      body: JSON.stringify({ profile: 'okta' }),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    expect(profile.status).toBe(200);
    const fixture = { server, tenantId: 'acme' } as SamlFixture;
    await defineRoles(
      fixture,
      [
        { name: 'engineer', permissions: ['code:write'] },
        { name: 'member', permissions: ['chat:complete'] },
      ],
      [
        { group: 'Engineering', role: 'engineer' },
        { group: 'Everyone', role: 'member' },
      ],
    );
  });
  afterEach(async () => {
    await idp.close();
    await server.close();
  });

  it('logs in through the IdP and shows the roles mapped from the IdP groups at /v1/session', async () => {
    idp.user = {
      nameId: 'ada@acme.test',
      attributes: { firstName: 'Ada', lastName: 'Lovelace', groups: ['Engineering', 'Everyone'] },
    };
    const context = await browser.newContext();
    const page = await context.newPage();
    const visited: string[] = [];
    page.on(
      'request',
      (r) =>
        r.isNavigationRequest() && visited.push(`${r.method()} ${new URL(r.url()).host}${new URL(r.url()).pathname}`),
    );
    const acsPost = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/saml/acme/acs'));
    await page.goto(`${server.url}/saml/acme/login?returnTo=${encodeURIComponent('/v1/session')}`);
    await page.waitForURL(`${server.url}/v1/session`);
    const host = new URL(server.url).host;
    expect(visited).toEqual([
      `GET ${host}/saml/acme/login`,
      `GET ${new URL(idp.url).host}/sso`,
      `POST ${host}/saml/acme/acs`,
      `GET ${host}/v1/session`,
    ]);
    // The browser itself calls the POST cross-site, and it carries no cookie of Roster's.
    const acsHeaders = await (await acsPost).allHeaders();
    expect(acsHeaders['sec-fetch-site']).toBe('cross-site');
    expect(acsHeaders.cookie).toBeUndefined();
    const session = JSON.parse(await page.locator('body').innerText());
    expect(session).toMatchObject({ tenant: 'acme', user: { userName: 'ada@acme.test', displayName: 'Ada Lovelace' } });
    expect([...session.roles].sort()).toEqual(['engineer', 'member']);
    expect([...session.capabilities.permissions].sort()).toEqual(['chat:complete', 'code:write']);
    const [cookie] = await context.cookies(server.url);
    expect(cookie).toMatchObject({
      name: '__Host-roster_session',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
    });

    // Logging out from the page ends the session.
    const status = await page.evaluate(async () => (await fetch('/v1/logout', { method: 'POST' })).status);
    expect(status).toBe(204);
    await page.reload();
    expect(await page.locator('body').innerText()).toContain('unauthenticated');
    await context.close();
  });

  it('shows a plain-words error page with the support reference when the login must fail', async () => {
    // The IdP's response names another application as its audience.
    idp.user = { nameId: 'ada@acme.test', audienceOverride: 'https://some-other-app.example/saml' };
    const context = await browser.newContext();
    const page = await context.newPage();
    const acsResponse = page.waitForResponse((r) => r.url().endsWith('/saml/acme/acs'));
    await page.goto(`${server.url}/saml/acme/login`);
    const response = await acsResponse;
    await page.waitForLoadState('load');
    expect(response.status()).toBe(400);
    const requestId = response.headers()['x-request-id'];
    expect(await page.title()).toBe('This sign-in was meant for another application · Roster');
    expect(await page.locator('h1').innerText()).toBe('This sign-in was meant for another application');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Please contact your administrator');
    expect(await page.locator('#support-reference').innerText()).toBe(requestId);
    expect(text).not.toMatch(/audience|mismatch|node-saml|xml|signature|Error:|stack/i);
    expect(await context.cookies(server.url)).toEqual([]);
    await context.close();
  });
});
