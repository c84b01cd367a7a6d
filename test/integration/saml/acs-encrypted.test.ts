import samlify from 'samlify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, certBody, decode } from '../../helpers/saml-idp.js';
import { login, refusalOf, startLogin, postAcs, startSamlFixture, type SamlFixture } from '../../helpers/saml-sp.js';

// Encrypted assertions (SAML core §2.3.4), encrypted by samlify for Roster's SP encryption
// certificate with RSA-OAEP key transport. Encryption proves nothing about the sender, so the
// signature rules are those of a plain assertion (src/saml/acs/decrypt-steps.ts).

const ENCRYPTION_ENV = {
  ROSTER_SAML_SP_ENCRYPTION_KEY_FILE: `${FIXTURES}/sp-encryption.key.pem`,
  ROSTER_SAML_SP_ENCRYPTION_CERT_FILE: `${FIXTURES}/sp-encryption.cert.pem`,
};

describe('encrypted assertions', () => {
  let f: SamlFixture;
  beforeAll(async () => {
    f = await startSamlFixture({ env: ENCRYPTION_ENV });
  });
  afterAll(() => f.close());

  it('publishes the encryption certificate in the SP metadata as KeyDescriptor use="encryption"', async () => {
    const xml = await (await fetch(`${f.server.url}/saml/acme/metadata`)).text();
    const descriptor = /<KeyDescriptor use="encryption">([\s\S]*?)<\/KeyDescriptor>/.exec(xml)?.[1] ?? '';
    expect(descriptor.replace(/\s+/g, '')).toContain(certBody('sp-encryption'));
    expect(descriptor).toContain('http://www.w3.org/2009/xmlenc11#aes256-gcm');
    expect(descriptor).toContain('http://www.w3.org/2001/04/xmlenc#aes128-cbc');
    // An IdP reading the metadata (samlify here) finds the certificate to encrypt for.
    const sp = samlify.ServiceProvider({ metadata: xml });
    expect(String(sp.entityMeta.getX509Certificate('encryption')).replace(/\s+/g, '')).toBe(certBody('sp-encryption'));
  });

  it.each(['aes256-cbc', 'aes128-cbc', 'aes256-gcm', 'aes128-gcm'] as const)(
    'logs in with a signed assertion encrypted with %s',
    async (data) => {
      const start = await startLogin(f);
      const SAMLResponse = await f.respond({
        inResponseTo: start.requestId,
        nameId: `enc-${data}@acme.test`,
        encrypt: { cert: 'sp-encryption', data },
      });
      expect(decode(SAMLResponse)).toContain('EncryptedAssertion');
      expect(decode(SAMLResponse)).not.toContain(`enc-${data}@acme.test`);
      const res = await postAcs(f, { SAMLResponse, RelayState: start.relayState });
      expect(res.status).toBe(303);
      expect(res.setCookie).toMatch(/__Host-roster_session=/);
    },
  );

  it('logs in with a signed response wrapping an unsigned encrypted assertion', async () => {
    const res = await login(f, { sign: 'response', encrypt: { cert: 'sp-encryption' } });
    expect(res.status).toBe(303);
  });

  it('logs in when both the response and the encrypted assertion are signed', async () => {
    expect((await login(f, { sign: 'both', encrypt: { cert: 'sp-encryption', data: 'aes256-gcm' } })).status).toBe(303);
  });

  it('refuses an encrypted assertion signed by a key the tenant does not trust', async () => {
    const other = await startSamlFixture({ server: f.server, tenantId: 'wrong-key', idpKey: 'attacker-signing' });
    await (await import('../../../src/saml/index.js')).saveConnection(f.server.directory, {
      tenantId: 'wrong-key',
      settings: { signingCerts: [certBody('idp-signing')] },
      actor: { type: 'cli', id: 'test' },
    });
    for (const sign of ['assertion', 'response', 'both'] as const) {
      const res = await login(other, { sign, encrypt: { cert: 'sp-encryption' } });
      expect(res.status, sign).toBe(400);
      expect(await refusalOf(other, res), sign).toMatchObject({ code: 'saml_signature_invalid' });
    }
  });

  it('refuses an unsigned encrypted assertion inside an unsigned response', async () => {
    const start = await startLogin(f);
    const signed = decode(
      await f.respond({ inResponseTo: start.requestId, encrypt: { cert: 'sp-encryption' }, sign: 'response' }),
    );
    // Take the response signature away: nothing is signed, only encrypted (which anyone can do).
    const unsigned = signed.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
    expect(unsigned).not.toContain('Signature');
    const res = await postAcs(f, {
      SAMLResponse: Buffer.from(unsigned).toString('base64'),
      RelayState: start.relayState,
    });
    expect(res.status).toBe(400);
    expect(res.setCookie).toBeNull();
    expect(await refusalOf(f, res)).toMatchObject({ code: 'saml_signature_invalid' });
  });

  it('refuses an assertion encrypted for another certificate', async () => {
    const res = await login(f, { encrypt: { cert: 'other-sp-encryption' } });
    expect(res.status).toBe(400);
    expect(res.setCookie).toBeNull();
    expect(await refusalOf(f, res)).toMatchObject({ code: 'saml_decryption_failed' });
  });

  it('refuses 3DES content encryption', async () => {
    const res = await login(f, { encrypt: { cert: 'sp-encryption', data: 'tripledes-cbc' } });
    expect(res.status).toBe(400);
    expect(await refusalOf(f, res)).toMatchObject({ code: 'saml_weak_algorithm' });
  });
});

describe('encrypted assertions with the signing pair only', () => {
  let f: SamlFixture;
  beforeAll(async () => {
    f = await startSamlFixture({
      env: {
        ROSTER_SAML_SP_KEY_FILE: `${FIXTURES}/sp-signing.key.pem`,
        ROSTER_SAML_SP_CERT_FILE: `${FIXTURES}/sp-signing.cert.pem`,
      },
    });
  });
  afterAll(() => f.close());

  it('decrypts with the signing key pair, which the metadata also names for encryption', async () => {
    const xml = await (await fetch(`${f.server.url}/saml/acme/metadata`)).text();
    expect(xml).toContain('<KeyDescriptor use="encryption">');
    expect((await login(f, { encrypt: { cert: 'sp-signing' } })).status).toBe(303);
  });
});

describe('encrypted assertions without any SP key', () => {
  let f: SamlFixture;
  beforeAll(async () => {
    f = await startSamlFixture();
  });
  afterAll(() => f.close());

  it('refuses an encrypted assertion, naming the missing key in the audit record', async () => {
    const res = await login(f, { encrypt: { cert: 'sp-encryption' } });
    expect(res.status).toBe(400);
    const refusal = await refusalOf(f, res);
    expect(refusal.code).toBe('saml_decryption_failed');
    expect(refusal.reason).toContain('ROSTER_SAML_SP_ENCRYPTION_KEY_FILE');
  });
});
