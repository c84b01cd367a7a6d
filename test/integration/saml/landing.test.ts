import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { ADMIN, login, sessionCookieFrom, startSamlFixture, type SamlFixture } from '../../helpers/saml-sp.js';

// Where a login that names no returnTo ends: the tenant's application URL (the IdP connection's
// defaultReturnTo, set through the admin API or `roster idp set --default-return-to`), or else
// Roster's own "signed in as …" page at "/" — never a 404.

describe('landing after a login without returnTo', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  const home = (cookie?: string) => fetch(`${f.server.url}/`, { headers: cookie ? { cookie } : {} });

  it('lands on the built-in page, which names the signed-in user with every value escaped', async () => {
    const res = await login(f, { attributes: { firstName: '<script>alert(1)</script>', lastName: 'Lovelace' } });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
    const page = await home(sessionCookieFrom(res.setCookie));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Signed in as &lt;script&gt;alert(1)&lt;/script&gt; Lovelace (ada@acme.test)');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<code id="tenant">acme</code>');
  });

  it('without a session the page says so, still not a 404', async () => {
    const page = await home();
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are not signed in');
  });

  it("lands on the tenant's application URL once the admin API sets it", async () => {
    const { secret } = await createCredential(f.server.directory, {
      tenantId: f.tenantId,
      kind: 'admin',
      actor: ADMIN,
    });
    const put = await fetch(`${f.server.url}/v1/saml/connection`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        returnToAllowList: ['https://app.acme.test'],
        defaultReturnTo: 'https://app.acme.test/home',
      }),
    });
    expect(put.status).toBe(200);
    const res = await login(f);
    expect(res.status).toBe(303);
    expect(res.location).toBe('https://app.acme.test/home');
  });
});
