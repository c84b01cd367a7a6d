import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decode, encode } from '../../helpers/saml-idp.js';
import { login, postAcs, refusalOf, startLogin, startSamlFixture, type SamlFixture } from '../../helpers/saml-sp.js';

// audience, Destination, Recipient, Issuer and the time window, each against a
// response samlify signed (the default clock skew is 60 s).

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const seconds = (n: number) => new Date(Date.now() + n * 1000);

describe('ACS conditions', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  it('refuses an assertion for another audience', async () => {
    const res = await login(f, { audienceOverride: 'https://other-app.example/saml' });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_audience');
  });

  it('refuses a response whose Destination is another URL', async () => {
    const res = await login(f, { destination: 'https://evil.example/acs' });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_destination');
  });

  it('refuses a response with no Destination', async () => {
    const res = await login(f, { destination: null });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_destination');
  });

  it("refuses a response whose Destination is another tenant's ACS", async () => {
    const res = await login(f, { destination: f.sp.acsUrl.replace('/acme/', '/globex/') });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_destination');
  });

  // SAML bindings §3.5.5.2: the Destination is compared whole; this tenant's ACS URL as a prefix
  // of another URL (src/saml/acs/message-steps.ts) is not this tenant's ACS URL.
  it.each([
    ['with a suffix', '-evil'],
    ['with a path below it', '/../../globex/acs'],
    ['with a trailing slash', '/'],
    ['with a query', '?tenant=globex'],
  ])("refuses a response whose Destination is this tenant's ACS URL %s", async (_what, suffix) => {
    const res = await login(f, { destination: `${f.sp.acsUrl}${suffix}` });
    const refusal = await refusalOf(f, res);
    expect(refusal.code).toBe('saml_wrong_destination');
    expect(refusal.reason).toContain(JSON.stringify(`${f.sp.acsUrl}${suffix}`));
  });

  it("refuses a response whose Destination is a prefix of this tenant's ACS URL", async () => {
    const res = await login(f, { destination: f.sp.acsUrl.slice(0, -1) });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_destination');
  });

  it('refuses an assertion whose SubjectConfirmationData Recipient is another URL', async () => {
    const res = await login(f, { recipient: 'https://evil.example/acs' });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_recipient');
  });

  it("refuses an assertion issued by another entity than the connection's IdP", async () => {
    const res = await login(f, { issuer: 'https://other-idp.example/saml' });
    expect((await refusalOf(f, res)).code).toBe('saml_wrong_issuer');
  });

  it('refuses an expired assertion (NotOnOrAfter beyond the clock skew)', async () => {
    const res = await login(f, { notBefore: minutes(-10), notOnOrAfter: minutes(-2) });
    expect((await refusalOf(f, res)).code).toBe('saml_expired');
  });

  it('accepts an assertion that expired less than the clock skew ago', async () => {
    const res = await login(f, { notBefore: minutes(-5), notOnOrAfter: seconds(-30) });
    expect(res.status).toBe(303);
  });

  it('refuses an assertion not valid yet (NotBefore beyond the clock skew)', async () => {
    const res = await login(f, { notBefore: minutes(2), notOnOrAfter: minutes(7) });
    expect((await refusalOf(f, res)).code).toBe('saml_not_yet_valid');
  });

  it('accepts an assertion whose NotBefore is within the clock skew', async () => {
    expect((await login(f, { notBefore: seconds(30) })).status).toBe(303);
  });

  it('refuses a bearer confirmation whose NotOnOrAfter has passed while the Conditions have not', async () => {
    const res = await login(f, { notOnOrAfter: minutes(5), subjectNotOnOrAfter: minutes(-2) });
    expect((await refusalOf(f, res)).code).toBe('saml_expired');
  });

  it('refuses an assertion without an AuthnStatement', async () => {
    const res = await login(f, { authnStatement: false });
    expect((await refusalOf(f, res)).code).toBe('saml_invalid_response');
  });

  it('refuses a response whose IdP reported a failure status', async () => {
    const start = await startLogin(f);
    const signed = decode(
      await f.respond({ inResponseTo: start.requestId, status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }),
    );
    // An IdP error response carries no assertion.
    const failed = signed.replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, '');
    const res = await postAcs(f, { SAMLResponse: encode(failed), RelayState: start.relayState });
    expect((await refusalOf(f, res)).code).toBe('saml_idp_error');
    expect(res.body).toContain('Your identity provider did not sign you in');
  });
});
