import path from 'node:path';
import samlify from 'samlify';
import { afterEach, describe, expect, it } from 'vitest';
import { saveConnection } from '../../../src/saml/index.js';
import { BINDING, certBody, createTestIdp, FIXTURES } from '../../helpers/saml-idp.js';
import { ADMIN, startLogin, startSamlFixture, type SamlFixture } from '../../helpers/saml-sp.js';

// GET /saml/{tenant}/metadata and GET /saml/{tenant}/login.

const SIGNED_ENV = {
  ROSTER_SAML_SP_KEY_FILE: path.join(FIXTURES, 'sp-signing.key.pem'),
  ROSTER_SAML_SP_CERT_FILE: path.join(FIXTURES, 'sp-signing.cert.pem'),
};

describe('SP metadata and login', () => {
  let f: SamlFixture;
  afterEach(() => f.close());

  it('publishes the SP entityID, ACS URL, NameID formats and signing certificate', async () => {
    f = await startSamlFixture({ env: SIGNED_ENV });
    const res = await fetch(`${f.server.url}/saml/acme/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/samlmetadata\+xml/);
    const xml = await res.text();
    expect(xml).toContain(`entityID="${f.sp.entityId}"`);
    expect(xml).toMatch(
      new RegExp(`<AssertionConsumerService[^>]*Binding="${BINDING.post}"[^>]*Location="${f.sp.acsUrl}"`),
    );
    for (const format of ['emailAddress', 'persistent', 'unspecified', 'transient'])
      expect(xml).toMatch(new RegExp(`<NameIDFormat>[^<]*${format}</NameIDFormat>`));
    expect(xml).toContain('AuthnRequestsSigned="true"');
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect(xml.replace(/\s/g, '')).toContain(certBody('sp-signing'));
    // An IdP library reads it back: samlify builds its view of Roster from this document.
    const sp = samlify.ServiceProvider({ metadata: xml });
    expect(sp.entityMeta.getEntityID()).toBe(f.sp.entityId);
    expect(sp.entityMeta.getNameIDFormat()).toHaveLength(4);
    expect(sp.entityMeta.isAuthnRequestSigned()).toBe(true);
  });

  it('publishes metadata without a certificate when no SP key is configured', async () => {
    f = await startSamlFixture();
    const xml = await (await fetch(`${f.server.url}/saml/acme/metadata`)).text();
    expect(xml).not.toContain('KeyDescriptor');
    expect(xml).toContain('AuthnRequestsSigned="false"');
  });

  it('redirects to the IdP with a signed AuthnRequest and a RelayState the IdP verifies', async () => {
    f = await startSamlFixture({ env: SIGNED_ENV });
    const start = await startLogin(f);
    expect(`${start.location.origin}${start.location.pathname}`).toBe(f.idp.ssoUrl);
    expect(start.location.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(start.authnRequestXml).toContain(`AssertionConsumerServiceURL="${f.sp.acsUrl}"`);
    expect(start.authnRequestXml).toContain(`Destination="${f.idp.ssoUrl}"`);
    expect(start.authnRequestXml).toContain(`>${f.sp.entityId}</saml:Issuer>`);
    // samlify, as the IdP, checks the redirect-binding signature against the SP metadata.
    const metadata = await (await fetch(`${f.server.url}/saml/acme/metadata`)).text();
    const idp = createTestIdp({ wantAuthnRequestsSigned: true }).idp;
    const sp = samlify.ServiceProvider({ metadata });
    const query = Object.fromEntries(start.location.searchParams);
    const octetString = start.location.search
      .slice(1)
      .split('&')
      .filter((p) => !p.startsWith('Signature='))
      .join('&');
    const parsed = await idp.parseLoginRequest(sp, 'redirect', { query, octetString });
    expect(parsed.extract.request?.id).toBe(start.requestId);
  });

  it('sends an auto-posting form, allowed by its own CSP, when the IdP takes HTTP-POST', async () => {
    f = await startSamlFixture();
    await saveConnection(f.server.directory, { tenantId: f.tenantId, settings: { ssoBinding: 'post' }, actor: ADMIN });
    const res = await fetch(f.sp.loginUrl);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`action="${f.idp.ssoUrl}"`);
    expect(html).toContain('name="SAMLRequest"');
    expect(html).toContain('name="RelayState"');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`form-action ${new URL(f.idp.ssoUrl).origin}`);
    expect(csp).toContain("'unsafe-hashes'");
    expect(csp).not.toContain("'unsafe-inline'");
  });

  it('shows the error page for a tenant without a connection', async () => {
    f = await startSamlFixture();
    const res = await fetch(`${f.server.url}/saml/globex/login`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Single sign-on is not set up');
    expect((await fetch(`${f.server.url}/saml/globex/metadata`)).status).toBe(404);
  });

  it('accepts no SAML message at the login URL', async () => {
    f = await startSamlFixture();
    const res = await fetch(`${f.sp.loginUrl}?SAMLResponse=PHg%2B`, { redirect: 'manual' });
    expect(res.status).toBe(400);
  });
});
