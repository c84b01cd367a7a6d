import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decode, encode } from '../../helpers/saml-idp.js';
import {
  postAcs,
  refusalOf,
  startLogin,
  startSamlFixture,
  type AcsResult,
  type SamlFixture,
} from '../../helpers/saml-sp.js';

// every malformed or hostile POST to the ACS answers 4xx with the plain-words error
// page; never a 500, never a library's error text.

const LIBRARY_TEXT =
  /xml-crypto|node-saml|xmldom|passport|TypeError|ReferenceError|\bat \S+:\d+|Invalid signature|stack|undefined/i;

function expectErrorPage(res: AcsResult, status: number): void {
  expect(res.status).toBe(status);
  expect(res.setCookie).toBeNull();
  expect(res.body).toContain('<!doctype html>');
  expect(res.body).toContain(res.requestId!);
  expect(res.body).not.toMatch(LIBRARY_TEXT);
}

describe('ACS under hostile input', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  async function signedXml(): Promise<{ xml: string; relayState: string }> {
    const start = await startLogin(f);
    return { xml: decode(await f.respond({ inResponseTo: start.requestId })), relayState: start.relayState };
  }

  it('refuses a DOCTYPE with nested entities (billion laughs) before parsing', async () => {
    const { xml } = await signedXml();
    const entities = `<!ENTITY a "aaaaaaaaaa"><!ENTITY b "${'&a;'.repeat(10)}"><!ENTITY c "${'&b;'.repeat(10)}">`;
    const bomb = `<!DOCTYPE r [${entities}]>${xml.replace('>ada@acme.test<', '>&c;<')}`;
    const res = await postAcs(f, { SAMLResponse: encode(bomb) });
    expectErrorPage(res, 400);
    expect((await refusalOf(f, res)).code).toBe('saml_forbidden_xml');
  });

  it('refuses an external entity (XXE) before parsing', async () => {
    const { xml } = await signedXml();
    const doctype = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
    const xxe = `<?xml version="1.0"?>${doctype}${xml.replace('>ada@acme.test<', '>&x;<')}`;
    const res = await postAcs(f, { SAMLResponse: encode(xxe) });
    expectErrorPage(res, 400);
    expect((await refusalOf(f, res)).code).toBe('saml_forbidden_xml');
    expect(res.body).not.toContain('root:');
  });

  it('answers 413 with the error page for a body over the size limit', async () => {
    const res = await postAcs(f, { SAMLResponse: 'A'.repeat(300 * 1024) });
    expectErrorPage(res, 413);
    expect((await refusalOf(f, res)).code).toBe('saml_response_too_large');
  });

  it('refuses a response carrying an encrypted assertion (not configured)', async () => {
    const { xml, relayState } = await signedXml();
    const encrypted = xml.replace(
      /<saml:Assertion[\s\S]*<\/saml:Assertion>/,
      '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/>' +
        '</saml:EncryptedAssertion>',
    );
    const res = await postAcs(f, { SAMLResponse: encode(encrypted), RelayState: relayState });
    expectErrorPage(res, 400);
    await refusalOf(f, res);
  });

  const cases: Array<[string, () => Promise<AcsResult>]> = [
    ['SAMLResponse that is not base64', () => postAcs(f, { SAMLResponse: '%%% not base64 %%%' })],
    ['base64 that is not XML', () => postAcs(f, { SAMLResponse: encode('hello, world') })],
    [
      'base64 that is not UTF-8',
      () => postAcs(f, { SAMLResponse: Buffer.from([0xc3, 0x28, 0xff, 0xfe]).toString('base64') }),
    ],
    ['XML that is not a SAML Response', () => postAcs(f, { SAMLResponse: encode('<foo xmlns="urn:x"/>') })],
    [
      'a LogoutResponse',
      () =>
        postAcs(f, {
          SAMLResponse: encode(
            '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_l" Version="2.0"/>',
          ),
        }),
    ],
    [
      'broken XML',
      () =>
        postAcs(f, {
          SAMLResponse: encode('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed>'),
        }),
    ],
    [
      'deeply nested XML',
      () =>
        postAcs(f, {
          SAMLResponse: encode(
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">' +
              `${'<a>'.repeat(20000)}${'</a>'.repeat(20000)}</samlp:Response>`,
          ),
        }),
    ],
    ['two SAMLResponse fields', () => postAcs(f, 'SAMLResponse=PHg%2B&SAMLResponse=PHk%2B')],
    ['a SAMLRequest instead of a response', () => postAcs(f, { SAMLRequest: encode('<x/>') })],
    ['an empty form', () => postAcs(f, '')],
    [
      'a JSON body',
      () => postAcs(f, JSON.stringify({ SAMLResponse: 'x' }), { headers: { 'content-type': 'application/json' } }),
    ],
    ['a text/plain body', () => postAcs(f, 'SAMLResponse=x', { headers: { 'content-type': 'text/plain' } })],
    ['too many form fields', () => postAcs(f, Array.from({ length: 50 }, (_, i) => `f${i}=1`).join('&'))],
    [
      'a SAMLResponse in the query string',
      () => postAcs(f, { SAMLResponse: 'PHg+' }, {}, undefined, '?SAMLResponse=PHg%2B'),
    ],
    ['a RelayState list', () => postAcs(f, 'SAMLResponse=PHg%2B&RelayState=a&RelayState=b')],
  ];

  it.each(cases)('answers 400 with the error page for %s', async (_name, send) => {
    const res = await send();
    expectErrorPage(res, 400);
    await refusalOf(f, res);
  });

  it('answers 404 with the error page for a tenant that does not exist', async () => {
    const res = await fetch(f.sp.acsUrl.replace('/acme/', '/no-such-tenant/'), {
      method: 'POST',
      body: new URLSearchParams({ SAMLResponse: 'PHg+' }),
    });
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('Single sign-on is not set up');
    expect(body).toContain(res.headers.get('x-request-id')!);
  });

  it('answers 404 with the error page for a tenant id that is not a slug', async () => {
    const res = await fetch(f.sp.acsUrl.replace('/acme/', '/..%2F..%2Fetc/'), {
      method: 'POST',
      body: new URLSearchParams({ SAMLResponse: 'PHg+' }),
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(LIBRARY_TEXT);
  });

  it('answers a GET to the ACS with the error page, not JSON', async () => {
    const res = await fetch(f.sp.acsUrl);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('There is nothing at this address');
  });
});
