import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveConnection } from '../../../src/saml/index.js';
import { startSecondInstance } from '../../helpers/second-instance.js';
import {
  ADMIN,
  login,
  postAcs,
  refusalOf,
  startLogin,
  startSamlFixture,
  type SamlFixture,
} from '../../helpers/saml-sp.js';

// SP-initiated responses answer an AuthnRequest this deployment issued, once; each
// assertion is accepted once; both memories are in Redis, shared by every API process.

describe('ACS InResponseTo and replay', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  it('refuses a response to an AuthnRequest this deployment never issued', async () => {
    const SAMLResponse = await f.respond({ inResponseTo: '_never-issued' });
    expect((await refusalOf(f, await postAcs(f, { SAMLResponse }))).code).toBe('saml_unknown_request');
  });

  it('refuses a second response to the same AuthnRequest, even with a fresh assertion', async () => {
    const start = await startLogin(f);
    const first = await f.respond({ inResponseTo: start.requestId });
    expect((await postAcs(f, { SAMLResponse: first, RelayState: start.relayState })).status).toBe(303);
    const second = await f.respond({ inResponseTo: start.requestId });
    expect((await refusalOf(f, await postAcs(f, { SAMLResponse: second, RelayState: start.relayState }))).code).toBe(
      'saml_unknown_request',
    );
  });

  it('refuses the identical response posted twice', async () => {
    const start = await startLogin(f);
    const form = { SAMLResponse: await f.respond({ inResponseTo: start.requestId }), RelayState: start.relayState };
    expect((await postAcs(f, form)).status).toBe(303);
    expect((await refusalOf(f, await postAcs(f, form))).code).toBe('saml_unknown_request');
  });

  it('refuses an assertion whose ID was already accepted, even when it answers an open request', async () => {
    expect((await login(f)).status).toBe(303);
    // The copy answers a new, open request, so only the assertion-id cache stands in the way.
    const again = await startLogin(f);
    const { SAMLResponse } = await reissue(f, again.requestId);
    const replayed = await postAcs(f, { SAMLResponse });
    expect((await refusalOf(f, replayed)).code).toBe('saml_replay');
  });

  it('refuses a replayed assertion at a second API process', async () => {
    const second = await startSecondInstance(f.server);
    try {
      await saveConnection(f.server.directory, {
        tenantId: f.tenantId,
        settings: { allowIdpInitiated: true },
        actor: ADMIN,
      });
      const SAMLResponse = await f.respond({ assertionId: '_shared-assertion' });
      expect((await postAcs(f, { SAMLResponse })).status).toBe(303);
      const replayed = await postAcs(f, { SAMLResponse }, {}, second.url);
      expect(replayed.status).toBe(400);
      expect((await refusalOf(f, replayed)).code).toBe('saml_replay');
    } finally {
      await second.close();
    }
  });

  it('accepts at a second API process the answer to an AuthnRequest the first one issued', async () => {
    const second = await startSecondInstance(f.server);
    try {
      const start = await startLogin(f);
      const SAMLResponse = await f.respond({ inResponseTo: start.requestId });
      const res = await postAcs(f, { SAMLResponse, RelayState: start.relayState }, {}, second.url);
      expect(res.status).toBe(303);
    } finally {
      await second.close();
    }
  });

  it('refuses an answer to an AuthnRequest issued for another tenant', async () => {
    const globex = await startSamlFixture({ server: f.server, tenantId: 'globex' });
    const start = await startLogin(globex);
    const SAMLResponse = await f.respond({ inResponseTo: start.requestId });
    expect((await refusalOf(f, await postAcs(f, { SAMLResponse }))).code).toBe('saml_unknown_request');
  });

  it('refuses a RelayState other than the one sent with the AuthnRequest', async () => {
    const start = await startLogin(f);
    const SAMLResponse = await f.respond({ inResponseTo: start.requestId });
    const res = await postAcs(f, { SAMLResponse, RelayState: '/somewhere-else' });
    expect((await refusalOf(f, res)).code).toBe('saml_relay_state_mismatch');
  });

  it("refuses a Response whose InResponseTo differs from its signed assertion's", async () => {
    const start = await startLogin(f);
    const other = await startLogin(f);
    const signed = Buffer.from(await f.respond({ inResponseTo: start.requestId }), 'base64').toString();
    // The Response is not signed (only the assertion is), so its InResponseTo can be rewritten.
    const forged = signed.replace(/(<samlp:Response[^>]*InResponseTo=")[^"]+"/, `$1${other.requestId}"`);
    expect(forged).toContain(`InResponseTo="${other.requestId}"`);
    const res = await postAcs(f, { SAMLResponse: Buffer.from(forged).toString('base64') });
    expect((await refusalOf(f, res)).code).toBe('saml_unknown_request');
  });

  describe('IdP-initiated login', () => {
    it('is refused by default', async () => {
      const SAMLResponse = await f.respond({});
      expect((await refusalOf(f, await postAcs(f, { SAMLResponse }))).code).toBe('saml_unsolicited_response');
    });

    it('is accepted once the tenant allows it, landing on an allowed RelayState', async () => {
      await saveConnection(f.server.directory, {
        tenantId: f.tenantId,
        settings: { allowIdpInitiated: true, returnToAllowList: ['https://app.acme.test'] },
        actor: ADMIN,
      });
      const res = await postAcs(f, { SAMLResponse: await f.respond({}), RelayState: 'https://app.acme.test/home' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('https://app.acme.test/home');
    });

    it('lands on the default returnTo when the RelayState is not allowed', async () => {
      await saveConnection(f.server.directory, {
        tenantId: f.tenantId,
        settings: { allowIdpInitiated: true, defaultReturnTo: '/welcome' },
        actor: ADMIN,
      });
      const res = await postAcs(f, { SAMLResponse: await f.respond({}), RelayState: 'https://evil.example/' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/welcome');
    });
  });
});

/** A fresh response answering `requestId` whose assertion id repeats the one already used. */
async function reissue(f: SamlFixture, requestId: string): Promise<{ SAMLResponse: string }> {
  const used = await f.server.store.collection('auditEvents').findOne({ tenantId: f.tenantId, action: 'user.login' });
  const assertionId = String((used!.details as { assertionId: string }).assertionId);
  return { SAMLResponse: await f.respond({ inResponseTo: requestId, assertionId }) };
}
