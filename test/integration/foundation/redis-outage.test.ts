import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { startOwnRedis, type OwnRedis } from '../../helpers/redis-server.js';
import { postAcs, startLogin, startSamlFixture, type SamlFixture } from '../../helpers/saml-sp.js';
import type { TestServer } from '../../helpers/server.js';

// While Redis is down every route that needs it answers 503 with Retry-After in its own format
// within the bound of 1 s (src/redis/redis.ts: no offline queue, short command timeout);
// SCIM, which needs no Redis, keeps working; once Redis is back the next request is served.

const ACTOR = { type: 'cli' as const, id: 'test' };
const WITHIN_1S = () => AbortSignal.timeout(1000);

let redis: OwnRedis;
let saml: SamlFixture;
let server: TestServer;
let adminKey: string;
let scimToken: string;

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setImmediate(r));
}

const readyz = () => fetch(`${server.url}/readyz`).then((r) => r.status);

const usage = (signal?: AbortSignal) =>
  fetch(`${server.url}/v1/usage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requests: 1 }),
    ...(signal ? { signal } : {}),
  });

beforeAll(async () => {
  redis = await startOwnRedis();
  saml = await startSamlFixture({ tenantId: 'outage', env: { REDIS_URL: redis.url } });
  server = saml.server;
  adminKey = (await createCredential(server.directory, { tenantId: 'outage', kind: 'admin', actor: ACTOR })).secret;
  scimToken = (await createCredential(server.directory, { tenantId: 'outage', kind: 'scim', actor: ACTOR })).secret;
});

afterAll(async () => {
  await redis.start();
  await saml.close();
  await redis.stop();
});

describe('a Redis outage', () => {
  it('fails fast with 503 and Retry-After, keeps SCIM writes working, and recovers', async () => {
    expect((await usage()).status).toBe(200);
    const pending = await startLogin(saml); // an AuthnRequest remembered in Redis before the outage
    const answer = await saml.respond({ inResponseTo: pending.requestId });
    await redis.stop();
    await until(async () => (await readyz()) === 503);

    const refused = await usage(WITHIN_1S());
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused.json()).code).toBe('unavailable');

    const login = await fetch(`${server.url}/saml/outage/login`, { redirect: 'manual', signal: WITHIN_1S() });
    expect(login.status).toBe(503);
    expect(login.headers.get('content-type')).toContain('text/html');
    expect(login.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await login.text()).toContain('Sign-in is briefly unavailable');
    const acs = await postAcs(saml, { SAMLResponse: answer, RelayState: pending.relayState }, { signal: WITHIN_1S() });
    expect(acs.status).toBe(503);
    expect(acs.body).toContain('Sign-in is briefly unavailable');

    const scim = (path: string, token: string, body?: unknown) =>
      fetch(`${server.url}/scim/v2/outage${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: WITHIN_1S(),
      });
    const created = await scim('/Users', scimToken, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'during-outage@outage.test',
    });
    expect(created.status).toBe(201);
    // The failed-authentication throttle fails open: a wrong token is still a plain 401.
    expect((await scim('/Users', 'rst_scim_wrong')).status).toBe(401);

    await redis.start();
    await until(async () => (await readyz()) === 200);
    const first = await usage(WITHIN_1S());
    expect(first.status).toBe(200);
  });
});
