import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// /metrics is served on its own listener only (README "Metrics"), labelled by route templates.

const ACTOR = { type: 'cli' as const, id: 'test' };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await createTenant(server.directory, { id: 'secret-slug', plan: 'enterprise', actor: ACTOR });
});
afterAll(() => server.close());

describe('metrics', () => {
  it('is not served on the public listener', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('labels requests by route template, never by tenant or id, without doubled prefixes', async () => {
    const { secret } = await createCredential(server.directory, {
      tenantId: 'secret-slug',
      kind: 'scim',
      actor: ACTOR,
    });
    const auth = { authorization: `Bearer ${secret}` };
    await fetch(`${server.url}/scim/v2/secret-slug/Users`, { headers: auth });
    await fetch(`${server.url}/scim/v2/secret-slug/Users/no-such-id`, { headers: auth });
    await fetch(`${server.url}/saml/secret-slug/login`, { redirect: 'manual' }); // no connection: the error page
    const text = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(text).toMatch(
      /roster_http_requests_total\{method="GET",route="\/scim\/v2\/:tenant\/Users",status="200"\} 1/,
    );
    expect(text).toMatch(/route="\/scim\/v2\/:tenant\/Users\/:id",status="404"/);
    expect(text).toMatch(/route="\/saml\/:tenant\/login",status="404"/);
    expect(text).not.toContain('secret-slug');
    expect(text).not.toContain('/saml/saml');
  });

  it('exports the event-loop delay', async () => {
    const text = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/roster_event_loop_delay_seconds\{percentile="99"\} [\d.e-]+/);
  });
});
