import { randomUUID } from 'node:crypto';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { startTestServer, type TestServer } from '../server.js';

// Roster's own SCIM server as a downstream target: one server per test file, one tenant and one
// SCIM token per test, and a reader that checks results over Roster's SCIM API.

const ACTOR = { type: 'cli' as const, id: 'test' };

export interface RosterScimTarget {
  tenant: string;
  baseUrl: string;
  token: string;
  /** GET on the tenant's SCIM API, parsed. */
  get(path: string): Promise<{ status: number; body: any }>;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
}

export { startTestServer, type TestServer };

export async function rosterScimTarget(server: TestServer): Promise<RosterScimTarget> {
  const tenant = `t${randomUUID().slice(0, 8)}`;
  await createTenant(server.directory, { id: tenant, plan: 'enterprise', actor: ACTOR });
  const { secret: token } = await createCredential(server.directory, { tenantId: tenant, kind: 'scim', actor: ACTOR });
  const baseUrl = `${server.url}/scim/v2/${tenant}`;
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { tenant, baseUrl, token, get: (path) => send('GET', path), post: (path, body) => send('POST', path, body) };
}
