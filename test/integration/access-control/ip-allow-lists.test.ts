import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { saveConnection } from '../../../src/saml/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { runCli } from '../../helpers/cli.js';
import { type DualStackServer, startDualStackServer } from '../../helpers/dual-stack-server.js';
import { certBody } from '../../helpers/saml-idp.js';

// Per-tenant IP allow-lists for SCIM, the admin/authorization API and SAML login (design 001),
// driven over real HTTP from 127.0.0.1 and ::1 against a server listening on `::`, and through
// X-Forwarded-For when ROSTER_TRUST_PROXY is on.

const ACTOR = { type: 'cli' as const, id: 'test' };
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface Tenant {
  scimToken: string;
  adminKey: string;
}

async function tenantOn(server: DualStackServer, id: string): Promise<Tenant> {
  const deps = server.runtime.directory;
  await createTenant(deps, { id, plan: 'enterprise', actor: ACTOR });
  await saveConnection(deps, {
    tenantId: id,
    settings: {
      idpEntityId: 'https://idp.example.test/saml',
      ssoUrl: 'https://idp.example.test/sso',
      signingCerts: [certBody('idp-signing')],
    },
    actor: ACTOR,
  });
  const scimToken = (await createCredential(deps, { tenantId: id, kind: 'scim', actor: ACTOR })).secret;
  const adminKey = (await createCredential(deps, { tenantId: id, kind: 'admin', actor: ACTOR })).secret;
  return { scimToken, adminKey };
}

function get(base: string, route: string, token?: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${route}`, {
    redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

async function setLists(base: string, key: string, lists: Record<string, unknown>) {
  const reply = await fetch(`${base}/v1/ip-allow-lists`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(lists),
  });
  return { status: reply.status, body: await reply.json() };
}

/** The SCIM and SAML gates reload a tenant's lists within a second: wait for the change to apply. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('IP allow-lists, without trust proxy', () => {
  let s: DualStackServer;
  beforeAll(async () => {
    s = await startDualStackServer();
  });
  afterAll(() => s.close());

  const refusals = (tenantId: string) =>
    s.runtime.store
      .collection<AuditEventDoc>('auditEvents')
      .find({ tenantId, action: 'access.ip_refused' }, { sort: { time: 1 } });

  it('SCIM: a 127.0.0.0/8 list lets 127.0.0.1 in and refuses ::1 with a 403 in the SCIM error schema', async () => {
    const t = await tenantOn(s, 'scim-v4');
    expect((await setLists(s.v4, t.adminKey, { scim: ['127.0.0.0/8'] })).body).toEqual({ scim: ['127.0.0.0/8'] });
    await until(async () => (await get(s.v6, '/scim/v2/scim-v4/Users', t.scimToken)).status === 403);
    const refused = await get(s.v6, '/scim/v2/scim-v4/Users', t.scimToken);
    expect(refused.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(await refused.json()).toEqual({
      schemas: [SCIM_ERROR],
      status: '403',
      detail: "requests from ::1 are not on this tenant's SCIM IP allow-list",
    });
    expect((await get(s.v4, '/scim/v2/scim-v4/Users', t.scimToken)).status).toBe(200);
    // The other surfaces have no list: ::1 still reaches the API.
    expect((await get(s.v6, '/v1/roles', t.adminKey)).status).toBe(200);
  });

  it('SCIM: an IPv6 list lets ::1 in and refuses 127.0.0.1, also without a token', async () => {
    const t = await tenantOn(s, 'scim-v6');
    await setLists(s.v4, t.adminKey, { scim: ['::1/128', '2001:db8::/32'] });
    await until(async () => (await get(s.v4, '/scim/v2/scim-v6/Users', t.scimToken)).status === 403);
    expect((await get(s.v6, '/scim/v2/scim-v6/Users', t.scimToken)).status).toBe(200);
    expect((await get(s.v4, '/scim/v2/scim-v6/Users')).status).toBe(403);
  });

  it('audits refusals like a flood: one record per address and minute, with a count', async () => {
    const t = await tenantOn(s, 'flood');
    await setLists(s.v4, t.adminKey, { scim: ['10.0.0.0/8'] });
    await until(async () => (await get(s.v6, '/scim/v2/flood/Users', t.scimToken)).status === 403);
    for (let i = 0; i < 5; i++) expect((await get(s.v6, '/scim/v2/flood/Groups', t.scimToken)).status).toBe(403);
    const records = await refusals('flood');
    // Every refused request counted; a minute boundary inside the test may split them in two.
    expect(records.length).toBeLessThanOrEqual(2);
    expect(records.reduce((n, r) => n + (r.count ?? 0), 0)).toBeGreaterThanOrEqual(6);
    expect(records[0]).toMatchObject({
      outcome: 'denied',
      sourceIp: '::1',
      target: { type: 'surface', id: 'scim' },
      reason: 'denied: ::1 is not on the scim IP allow-list',
    });
  });

  it('API: a refused address gets 403 problem+json; the allowed one can still change the list', async () => {
    const t = await tenantOn(s, 'api-list');
    expect((await setLists(s.v6, t.adminKey, { api: ['::1'] })).body).toEqual({ api: ['::1/128'] });
    const refused = await get(s.v4, '/v1/roles', t.adminKey);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ status: 403, code: 'ip_not_allowed' });
    expect((await get(s.v6, '/v1/roles', t.adminKey)).status).toBe(200);
    expect((await setLists(s.v6, t.adminKey, { api: [] })).body).toEqual({});
    expect((await get(s.v4, '/v1/roles', t.adminKey)).status).toBe(200);
    expect((await refusals('api-list')).map((r) => r.sourceIp)).toEqual(['::ffff:127.0.0.1']);
  });

  it('SAML login: a refused address gets the error page (403), an allowed one goes to the IdP', async () => {
    const t = await tenantOn(s, 'saml-list');
    await setLists(s.v4, t.adminKey, { saml: ['127.0.0.1/32'] });
    await until(async () => (await get(s.v6, '/saml/saml-list/login')).status === 403);
    const page = await get(s.v6, '/saml/saml-list/login');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Sign-in is not allowed from this network');
    const acs = await fetch(`${s.v6}/saml/saml-list/acs`, { method: 'POST', body: new URLSearchParams({ a: 'b' }) });
    expect(acs.status).toBe(403);
    const allowed = await get(s.v4, '/saml/saml-list/login');
    expect(allowed.status).toBe(302);
    expect(allowed.headers.get('location')).toMatch(/^https:\/\/idp\.example\.test\/sso\?SAMLRequest=/);
  });

  it('ignores X-Forwarded-For when ROSTER_TRUST_PROXY is off', async () => {
    const t = await tenantOn(s, 'no-proxy');
    await setLists(s.v4, t.adminKey, { scim: ['203.0.113.0/24'] });
    const forged = { 'x-forwarded-for': '203.0.113.7' };
    await until(async () => (await get(s.v4, '/scim/v2/no-proxy/Users', t.scimToken, forged)).status === 403);
    expect((await get(s.v6, '/scim/v2/no-proxy/Users', t.scimToken, forged)).status).toBe(403);
  });

  it('refuses a malformed range with a 400 naming it, and keeps the lists unchanged', async () => {
    const t = await tenantOn(s, 'bad-range');
    await setLists(s.v4, t.adminKey, { scim: ['10.0.0.0/8'] });
    const bad = await setLists(s.v4, t.adminKey, { scim: ['10.0.0.0/33'] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('"10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR range');
    expect((await setLists(s.v4, t.adminKey, { ftp: ['10.0.0.0/8'] })).status).toBe(400);
    const view = await (await get(s.v4, '/v1/ip-allow-lists', t.adminKey)).json();
    expect(view).toEqual({ scim: ['10.0.0.0/8'] });
  });

  it('roster tenant allow-ips sets, prints and clears the lists of a running server', async () => {
    const t = await tenantOn(s, 'cli-list');
    const env = { ROSTER_DATA_DIR: s.runtime.dataDir, ROSTER_REDIS_PREFIX: s.runtime.prefix, MONGODB_URI: '' };
    const set = await runCli(['tenant', 'allow-ips', 'cli-list', '--scim', '127.0.0.1,::1', '--saml', '::1'], env);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('scim\t127.0.0.1/32,::1/128\napi\tany\nsaml\t::1/128\n');
    await until(async () => (await get(s.v4, '/saml/cli-list/login')).status === 403);
    expect((await get(s.v4, '/scim/v2/cli-list/Users', t.scimToken)).status).toBe(200);
    const bad = await runCli(['tenant', 'allow-ips', 'cli-list', '--api', 'not-an-ip'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"not-an-ip" is not an IPv4 or IPv6 address or CIDR range');
    const cleared = await runCli(['tenant', 'allow-ips', 'cli-list', '--saml', 'any'], env);
    expect(cleared.stdout).toContain('saml\tany\n');
    await until(async () => (await get(s.v4, '/saml/cli-list/login')).status === 302);
  }, 180_000); // four CLI processes, each starting a runtime
});

describe('IP allow-lists behind a proxy (ROSTER_TRUST_PROXY=true)', () => {
  let s: DualStackServer;
  let t: Tenant;
  beforeAll(async () => {
    s = await startDualStackServer({ ROSTER_TRUST_PROXY: 'true' });
    t = await tenantOn(s, 'proxied');
    await setLists(s.v4, t.adminKey, { scim: ['203.0.113.0/24', '2001:db8::/32'], api: ['203.0.113.0/24'] });
  });
  afterAll(() => s.close());

  const users = (base: string, forwardedFor?: string) =>
    get(base, '/scim/v2/proxied/Users', t.scimToken, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

  it('judges the client address X-Forwarded-For names, from 127.0.0.1 and from ::1', async () => {
    await until(async () => (await users(s.v4)).status === 403);
    expect((await users(s.v4, '203.0.113.7')).status).toBe(200);
    expect((await users(s.v6, '2001:db8::5')).status).toBe(200);
    expect((await users(s.v4, '198.51.100.1')).status).toBe(403);
    // ROSTER_TRUST_PROXY=true trusts one hop: the client is the address the proxy saw (right-most).
    expect((await users(s.v6, '198.51.100.1, 203.0.113.7')).status).toBe(200);
    // A client outside the list that sends its own X-Forwarded-For naming an allowed address, which
    // the proxy then appends to, is still judged by its real address.
    expect((await users(s.v6, '203.0.113.7, 198.51.100.1')).status).toBe(403);
  });

  it('refuses the proxy itself when no X-Forwarded-For names a client, on the API too', async () => {
    expect((await users(s.v6)).status).toBe(403);
    expect((await get(s.v4, '/v1/roles', t.adminKey)).status).toBe(403);
    expect((await get(s.v4, '/v1/roles', t.adminKey, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
  });
});
