import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { UNAUTHENTICATED_TENANT } from '../../../src/authz/guard.js';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// Failed authentications are throttled per source address and per tenant (429 + Retry-After,
// counted in Redis) and audited as one record per address × tenant × minute with a count.
// Requests come from distinct loopback addresses (127.0.0.x), as from distinct clients.

const ACTOR = { type: 'cli' as const, id: 'test' };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Reply {
  status: number;
  retryAfter?: string;
}

function get(from: string, path: string, token: string): Promise<Reply> {
  const url = new URL(path, server!.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { localAddress: from, headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function tenantWithToken(env: Record<string, string>): Promise<{ tenant: string; token: string }> {
  server = await startTestServer(env);
  await createTenant(server.directory, { id: 'flood', plan: 'enterprise', actor: ACTOR });
  const { secret } = await createCredential(server.directory, { tenantId: 'flood', kind: 'scim', actor: ACTOR });
  return { tenant: 'flood', token: secret };
}

async function auditRows(tenantId: string, action: string): Promise<AuditEventDoc[]> {
  return server!.store.collection<AuditEventDoc>('auditEvents').find({ tenantId, action });
}

const sum = (rows: AuditEventDoc[]) => rows.reduce((n, r) => n + (r.count ?? 1), 0);

describe('failed authentications', () => {
  it('answer 429 with Retry-After once an address is over its limit; another address is not slowed', async () => {
    const { token } = await tenantWithToken({ ROSTER_AUTH_FAILURES_PER_ADDRESS: '20' });
    const statuses: Reply[] = [];
    for (let i = 0; i < 300; i++) statuses.push(await get('127.0.0.1', '/scim/v2/flood/Users', `rst_scim_bad${i}`));
    expect(statuses.slice(0, 20).every((r) => r.status === 401)).toBe(true);
    expect(statuses.slice(20).every((r) => r.status === 429 && /^\d+$/.test(r.retryAfter ?? ''))).toBe(true);

    expect((await get('127.0.0.2', '/scim/v2/flood/Users', token)).status).toBe(200);
    // Admin API keys share the address's budget.
    const key = await get('127.0.0.1', '/v1/roles', 'rst_key_bad');
    expect(key.status).toBe(429);
    expect(key.retryAfter).toMatch(/^\d+$/);

    const rows = await auditRows('flood', 'scim_token.rejected');
    expect(rows.length).toBeLessThanOrEqual(2); // one per minute; the flood may straddle two
    expect(sum(rows)).toBe(20);
    expect(rows[0]).toMatchObject({ sourceIp: '127.0.0.1', outcome: 'denied' });
    expect(rows[0].seq).toBeGreaterThan(0);
  });

  it('answer 429 to failing attempts once a tenant is over its limit, never to a valid token', async () => {
    const { token } = await tenantWithToken({
      ROSTER_AUTH_FAILURES_PER_ADDRESS: '1000',
      ROSTER_AUTH_FAILURES_PER_TENANT: '30',
    });
    const replies: Reply[] = [];
    for (let i = 0; i < 60; i++)
      replies.push(await get(`127.0.0.${10 + (i % 6)}`, '/scim/v2/flood/Users', `rst_scim_bad${i}`));
    expect(replies.slice(0, 30).every((r) => r.status === 401)).toBe(true);
    expect(replies.slice(30).every((r) => r.status === 429)).toBe(true);
    expect((await get('127.0.0.3', '/scim/v2/flood/Users', token)).status).toBe(200);
    expect((await get('127.0.0.10', '/scim/v2/flood/Users', token)).status).toBe(200);
  });

  it('add a bounded number of audit rows however many there are', async () => {
    await tenantWithToken({ ROSTER_AUTH_FAILURES_PER_ADDRESS: '100000' });
    for (let i = 0; i < 150; i++) {
      expect((await get('127.0.0.1', '/scim/v2/flood/Users', `rst_scim_bad${i}`)).status).toBe(401);
      expect((await get('127.0.0.1', '/v1/roles', `rst_key_bad${i}`)).status).toBe(401);
    }
    const scimRows = await auditRows('flood', 'scim_token.rejected');
    const keyRows = await auditRows(UNAUTHENTICATED_TENANT, 'api_key.rejected');
    expect(scimRows.length).toBeLessThanOrEqual(2);
    expect(keyRows.length).toBeLessThanOrEqual(2);
    expect(sum(scimRows)).toBe(150);
    expect(sum(keyRows)).toBe(150);
  });
});
