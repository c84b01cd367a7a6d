import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserDoc } from '../../../src/people/index.js';
import { saveConnection } from '../../../src/saml/index.js';
import { certBody, createTestIdp, decode, encode } from '../../helpers/saml-idp.js';
import {
  ADMIN,
  login,
  postAcs,
  refusalOf,
  startLogin,
  startSamlFixture,
  type SamlFixture,
} from '../../helpers/saml-sp.js';

// whose signature counts, over what. Every response is built and signed by samlify;
// the attacks then rewrite the signed XML the way an attacker holding one valid response would.

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

function dom(b64: string): Document {
  return new DOMParser().parseFromString(decode(b64), 'text/xml') as unknown as Document;
}
const serialize = (doc: Document) => encode(new XMLSerializer().serializeToString(doc as never));
const assertionOf = (doc: Document) => doc.getElementsByTagNameNS(ASSERTION_NS, 'Assertion')[0];
const nameIdOf = (el: Element) => el.getElementsByTagNameNS(ASSERTION_NS, 'NameID')[0];

async function usersNamed(f: SamlFixture, userName: string): Promise<UserDoc[]> {
  return f.server.store
    .collection<UserDoc>('users')
    .find({ tenantId: f.tenantId, userNameLower: userName.toLowerCase() });
}

describe('ACS signature checks', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  it('accepts an assertion signed alone (the Entra ID, ADFS and Google default)', async () => {
    const res = await login(f, { sign: 'assertion' });
    expect(res.status).toBe(303);
    expect(res.setCookie).toMatch(/__Host-roster_session=/);
  });

  it('accepts a signed response that wraps its one unsigned assertion', async () => {
    const res = await login(f, { sign: 'response' });
    expect(res.status).toBe(303);
  });

  it('accepts a response and assertion both signed', async () => {
    expect((await login(f, { sign: 'both' })).status).toBe(303);
  });

  it('refuses a response with no signature at all', async () => {
    const start = await startLogin(f);
    const signed = decode(await f.respond({ inResponseTo: start.requestId, sign: 'assertion' }));
    const unsigned = signed.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
    expect(unsigned).not.toContain('Signature');
    const res = await postAcs(f, { SAMLResponse: encode(unsigned), RelayState: start.relayState });
    expect((await refusalOf(f, res)).code).toBe('saml_signature_invalid');
  });

  it("refuses an assertion signed by an unknown key, even with that key's certificate in KeyInfo", async () => {
    const attacker = createTestIdp({ key: 'attacker-signing', entityId: f.idp.entityId });
    const start = await startLogin(f);
    const SAMLResponse = await attacker.issue({
      acsUrl: f.sp.acsUrl,
      audience: f.sp.entityId,
      nameId: 'ada@acme.test',
      inResponseTo: start.requestId,
    });
    expect(decode(SAMLResponse)).toContain('<ds:X509Certificate>');
    const res = await postAcs(f, { SAMLResponse, RelayState: start.relayState });
    expect((await refusalOf(f, res)).code).toBe('saml_signature_invalid');
    expect(await usersNamed(f, 'ada@acme.test')).toHaveLength(0);
  });

  it('accepts either configured certificate, so a rotation locks nobody out', async () => {
    await saveConnection(f.server.directory, {
      tenantId: f.tenantId,
      settings: { signingCerts: [certBody('idp-signing'), certBody('idp-signing-rotated')] },
      actor: ADMIN,
    });
    const rotated = createTestIdp({ key: 'idp-signing-rotated', entityId: f.idp.entityId });
    const start = await startLogin(f);
    const SAMLResponse = await rotated.issue({
      acsUrl: f.sp.acsUrl,
      audience: f.sp.entityId,
      nameId: 'ada@acme.test',
      inResponseTo: start.requestId,
    });
    expect((await postAcs(f, { SAMLResponse, RelayState: start.relayState })).status).toBe(303);
    expect((await login(f)).status).toBe(303);
  });

  it('refuses SHA-1 signatures unless the connection allows them', async () => {
    const sha1 = createTestIdp({ sha1: true, entityId: f.idp.entityId });
    const issue = (requestId: string) =>
      sha1.issue({ acsUrl: f.sp.acsUrl, audience: f.sp.entityId, nameId: 'ada@acme.test', inResponseTo: requestId });
    let start = await startLogin(f);
    const weak = await issue(start.requestId);
    expect(decode(weak)).toContain('xmldsig#rsa-sha1');
    const refused = await postAcs(f, { SAMLResponse: weak, RelayState: start.relayState });
    expect((await refusalOf(f, refused)).code).toBe('saml_weak_algorithm');

    await saveConnection(f.server.directory, { tenantId: f.tenantId, settings: { allowSha1: true }, actor: ADMIN });
    start = await startLogin(f);
    expect(
      (await postAcs(f, { SAMLResponse: await issue(start.requestId), RelayState: start.relayState })).status,
    ).toBe(303);
  });

  it('refuses a signed response that wraps two assertions', async () => {
    const start = await startLogin(f);
    const second =
      `<saml:Assertion xmlns:saml="${ASSERTION_NS}" ID="_second" Version="2.0" ` +
      `IssueInstant="${new Date().toISOString()}">` +
      `<saml:Issuer>${f.idp.entityId}</saml:Issuer></saml:Assertion>`;
    const SAMLResponse = await f.respond({ inResponseTo: start.requestId, sign: 'response', extraXml: second });
    const res = await postAcs(f, { SAMLResponse, RelayState: start.relayState });
    expect((await refusalOf(f, res)).code).toBe('saml_signature_invalid');
  });

  describe('XML signature wrapping', () => {
    async function signedFor(nameId: string, sign: 'assertion' | 'response' = 'assertion') {
      const start = await startLogin(f);
      return { start, doc: dom(await f.respond({ nameId, inResponseTo: start.requestId, sign })) };
    }

    /** An unsigned copy of the signed assertion naming the victim, with a fresh ID. */
    function evilCopy(doc: Document, id: string): Element {
      const evil = assertionOf(doc).cloneNode(true) as Element;
      evil.setAttribute('ID', id);
      nameIdOf(evil).textContent = 'victim@acme.test';
      return evil;
    }

    it('refuses an unsigned assertion placed beside the signed one', async () => {
      const { start, doc } = await signedFor('mallory@acme.test');
      const signed = assertionOf(doc);
      const evil = evilCopy(doc, '_evil');
      for (const sig of Array.from(evil.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')))
        evil.removeChild(sig);
      signed.parentNode!.insertBefore(evil, signed);
      const res = await postAcs(f, { SAMLResponse: serialize(doc), RelayState: start.relayState });
      expect((await refusalOf(f, res)).code).toBe('saml_signature_invalid');
      expect(await usersNamed(f, 'victim@acme.test')).toHaveLength(0);
    });

    /** Signature wrapping: an attacker's assertion (id chosen by `idOf`) carries the signed one in its Advice. */
    async function expectAdviceWrappingRefused(idOf: (signed: Element) => string): Promise<void> {
      const { start, doc } = await signedFor('mallory@acme.test');
      const signed = assertionOf(doc);
      const evil = evilCopy(doc, idOf(signed));
      const advice = doc.createElementNS(ASSERTION_NS, 'saml:Advice');
      evil.insertBefore(advice, evil.getElementsByTagNameNS(ASSERTION_NS, 'Subject')[0]);
      signed.parentNode!.replaceChild(evil, signed);
      advice.appendChild(signed);
      const res = await postAcs(f, { SAMLResponse: serialize(doc), RelayState: start.relayState });
      expect((await refusalOf(f, res)).code).toBe('saml_signature_invalid');
      expect(await usersNamed(f, 'victim@acme.test')).toHaveLength(0);
    }

    it('refuses an assertion that carries the signed one inside it (signature copied, new ID)', async () => {
      await expectAdviceWrappingRefused(() => '_evil');
    });

    it("refuses an assertion that reuses the signed assertion's ID", async () => {
      await expectAdviceWrappingRefused((signed) => signed.getAttribute('ID')!);
    });

    it('refuses a new Response that hides the signed Response in its Extensions', async () => {
      const { start, doc } = await signedFor('mallory@acme.test', 'response');
      const original = doc.documentElement;
      const outer = original.cloneNode(true) as Element;
      outer.setAttribute('ID', '_outer');
      for (const sig of Array.from(outer.childNodes).filter((n) => (n as Element).localName === 'Signature'))
        outer.removeChild(sig);
      nameIdOf(assertionOf(outer as unknown as Document)).textContent = 'victim@acme.test';
      const extensions = doc.createElementNS(PROTOCOL_NS, 'samlp:Extensions');
      extensions.appendChild(original.cloneNode(true));
      outer.insertBefore(extensions, outer.getElementsByTagNameNS(PROTOCOL_NS, 'Status')[0]);
      const wrapped = new DOMParser().parseFromString(
        new XMLSerializer().serializeToString(outer as never),
        'text/xml',
      ) as unknown as Document;
      const res = await postAcs(f, { SAMLResponse: serialize(wrapped), RelayState: start.relayState });
      expect((await refusalOf(f, res)).code).toBe('saml_signature_invalid');
      expect(await usersNamed(f, 'victim@acme.test')).toHaveLength(0);
    });
  });

  it('never lets a comment inside the NameID choose a shorter identity', async () => {
    const victim: UserDoc = {
      _id: 'victim-id',
      tenantId: f.tenantId,
      userName: 'victim@acme.test',
      userNameLower: 'victim@acme.test',
      active: true,
      emails: [{ value: 'victim@acme.test', primary: true }],
      primaryEmailLower: 'victim@acme.test',
      effectiveRoles: [],
      effectivePermissions: [],
      customPermissions: [],
      deniedPermissions: [],
      source: 'scim',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      version: 1,
    };
    await f.server.store.collection<UserDoc>('users').insertOne(victim);
    const start = await startLogin(f);
    const signed = decode(await f.respond({ nameId: 'victim@acme.test.evil.example', inResponseTo: start.requestId }));
    // Exclusive canonicalization drops comments, so the signature still verifies after this.
    const injected = signed.replace('>victim@acme.test.evil.example<', '>victim@acme.test<!---->.evil.example<');
    expect(injected).not.toBe(signed);
    const res = await postAcs(f, { SAMLResponse: encode(injected), RelayState: start.relayState });
    // The name logged in is the one the IdP signed, comment or not.
    expect(res.status).toBe(303);
    expect(await usersNamed(f, 'victim@acme.test.evil.example')).toHaveLength(1);
    const after = await f.server.store.collection<UserDoc>('users').findOne({ _id: 'victim-id' });
    expect(after?.samlNameId).toBeUndefined();
    const logins = await f.server.store
      .collection('auditEvents')
      .find({ tenantId: f.tenantId, action: 'user.login', actorId: 'victim-id' });
    expect(logins).toHaveLength(0);
  });
});
