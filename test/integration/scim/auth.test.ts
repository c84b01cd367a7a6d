import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential, revokeCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { ERROR, startScim, type ScimHarness } from './scim-client.js';

// Bearer token per tenant (RFC 6750, RFC 7644 §2): every failure is a 401 SCIM error.

const ACTOR = { type: 'cli' as const, id: 'test' };

describe('SCIM bearer authentication', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim('acme');
  });
  afterAll(() => h.close());

  async function expect401(headers: Record<string, string>, path = '/Users') {
    const response = await fetch(`${h.base}${path}`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ schemas: [ERROR], status: '401' });
  }

  it("answers 200 to the tenant's own token", async () => {
    expect((await h.call('GET', '/Users')).status).toBe(200);
  });

  it('answers 401 when the token is missing', async () => {
    await expect401({});
  });

  it('answers 401 to a wrong token and to another scheme', async () => {
    await expect401({ authorization: 'Bearer rst_scim_not-a-real-token' });
    await expect401({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
  });

  it('answers 401 to a revoked token', async () => {
    const { credential, secret } = await createCredential(h.server.directory, {
      tenantId: 'acme',
      kind: 'scim',
      actor: ACTOR,
    });
    await revokeCredential(h.server.directory, { tenantId: 'acme', kind: 'scim', id: credential._id, actor: ACTOR });
    await expect401({ authorization: `Bearer ${secret}` });
  });

  it('answers 401 to an expired token', async () => {
    const { secret } = await createCredential(h.server.directory, {
      tenantId: 'acme',
      kind: 'scim',
      expiresAt: '2001-01-01T00:00:00Z',
      actor: ACTOR,
    });
    await expect401({ authorization: `Bearer ${secret}` });
  });

  it("answers 401 to another tenant's token", async () => {
    await createTenant(h.server.directory, { id: 'globex', actor: ACTOR });
    const { secret } = await createCredential(h.server.directory, { tenantId: 'globex', kind: 'scim', actor: ACTOR });
    await expect401({ authorization: `Bearer ${secret}` });
    expect(
      (await fetch(`${h.server.url}/scim/v2/globex/Users`, { headers: { authorization: `Bearer ${secret}` } })).status,
    ).toBe(200);
  });

  it('answers 401 for a tenant that does not exist, and on discovery endpoints too', async () => {
    const response = await fetch(`${h.server.url}/scim/v2/nope/Users`, {
      headers: { authorization: `Bearer ${h.token}` },
    });
    expect(response.status).toBe(401);
    await expect401({}, '/ServiceProviderConfig');
  });

  it('audits a rejected token of a real tenant as scim_token.rejected', async () => {
    await fetch(`${h.base}/Users`, { headers: { authorization: 'Bearer rst_scim_wrong' } });
    const audit = await h.server.store
      .collection('auditEvents')
      .find({ tenantId: 'acme', action: 'scim_token.rejected' });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toMatchObject({ outcome: 'denied' });
  });

  it('refuses to read the body of an unauthenticated request (401, not 400)', async () => {
    const response = await fetch(`${h.base}/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json' },
      body: '{not json',
    });
    expect(response.status).toBe(401);
  });
});
