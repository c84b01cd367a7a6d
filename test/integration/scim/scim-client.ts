import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import type { BaseDoc, CollectionName, Db, Store } from '../../../src/store/types.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// A SCIM client over real HTTP against the real app (test/helpers/server.ts), with one tenant
// and one SCIM token per test file.

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ScimResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface ScimHarness {
  server: TestServer;
  tenant: string;
  token: string;
  base: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimResponse>;
  close(): Promise<void>;
}

const ACTOR = { type: 'cli' as const, id: 'test' };

export async function startScim(tenant = 'acme'): Promise<ScimHarness> {
  const server = await startTestServer();
  await createTenant(server.directory, { id: tenant, plan: 'enterprise', actor: ACTOR });
  const { secret: token } = await createCredential(server.directory, { tenantId: tenant, kind: 'scim', actor: ACTOR });
  const base = `${server.url}/scim/v2/${tenant}`;
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ScimResponse> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  return { server, tenant, token, base, call, close: () => server.close() };
}

export const query = (text: string) => encodeURIComponent(text);

/** A minimal valid user, as Okta creates one. */
export function oktaUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: `00u${userName.length}okta`,
    groups: [],
    password: '1mz050nq',
    active: true,
    ...extra,
  };
}

export async function createUserOk(
  h: ScimHarness,
  userName: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await h.call('POST', '/Users', oktaUser(userName, extra));
  if (response.status !== 201)
    throw new Error(`create ${userName}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

export async function createGroupOk(h: ScimHarness, displayName: string, members: string[] = []): Promise<string> {
  const response = await h.call('POST', '/Groups', {
    schemas: [GROUP],
    displayName,
    members: members.map((value) => ({ value })),
  });
  if (response.status !== 201)
    throw new Error(`create group ${displayName}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Records every collection call (`memberships.bulkWrite` …), inside transactions too, while `work` runs. */
export async function recordStoreCalls(store: Store, work: () => Promise<unknown>): Promise<string[]> {
  const calls: string[] = [];
  const wrapDb = (db: Db): Db => ({
    collection: <T extends BaseDoc>(name: CollectionName) => {
      const collection = db.collection<T>(name);
      return new Proxy(collection, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.push(`${name}.${String(key)}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  });
  const { collection, withTransaction } = store;
  const wrapped = wrapDb({ collection: collection.bind(store) });
  store.collection = wrapped.collection;
  store.withTransaction = ((fn: (tx: Db) => Promise<unknown>) =>
    withTransaction.call(store, (tx: Db) => fn(wrapDb(tx)))) as Store['withTransaction'];
  try {
    await work();
  } finally {
    store.collection = collection;
    store.withTransaction = withTransaction;
  }
  return calls;
}
