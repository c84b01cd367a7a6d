import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Actor } from '../../../src/audit/index.js';
import { createAuthzRouter } from '../../../src/authz/index.js';
import { applyPreset } from '../../../src/access/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { createGroup, createUser, updateGroup, type GroupDoc, type UserDoc } from '../../../src/people/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// One tenant on the real app (real HTTP on loopback, temp embedded store, unique Redis prefix),
// started from a preset, with an admin key, and helpers that provision users and groups through
// the directory services, as SCIM would.

const TEST_ACTOR: Actor = { type: 'system', id: 'authz-test' };
const SCIM = { actor: TEST_ACTOR, source: 'scim' as const };

export interface Reply {
  status: number;
  type: string;
  headers: Headers;
  body: any;
}

export interface AuthzFixture {
  server: TestServer;
  url: string;
  tenantId: string;
  adminKey: string;
  call(method: string, path: string, body?: unknown, key?: string): Promise<Reply>;
  group(displayName: string, externalId?: string): Promise<GroupDoc>;
  user(userName: string, groups?: string[], emails?: string[]): Promise<UserDoc>;
  setMembers(groupName: string, op: 'add' | 'remove', userIds: string[]): Promise<void>;
  stored(userId: string): Promise<UserDoc>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  plan?: 'free' | 'pro' | 'enterprise';
  preset?: string;
  /** A clock for a second server on the same store and Redis: quotas and expiry move with it. */
  now?: () => Date;
}

/** The authz router alone on its own loopback port, with an injected clock. */
async function clockedServer(server: TestServer, now: () => Date): Promise<{ url: string; http: Server }> {
  const app = express();
  app.use(createAuthzRouter({ ...server, now }));
  const http = createServer(app);
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, http };
}

export async function authzFixture(options: FixtureOptions = {}): Promise<AuthzFixture> {
  const server = await startTestServer();
  const tenantId = 'acme';
  const dir = server.directory;
  await createTenant(dir, { id: tenantId, plan: options.plan ?? 'pro', actor: TEST_ACTOR });
  if (options.preset) await applyPreset(dir, tenantId, options.preset, TEST_ACTOR);
  const { secret: adminKey } = await createCredential(dir, {
    tenantId,
    kind: 'admin',
    name: 'test admin',
    actor: TEST_ACTOR,
  });
  const clocked = options.now ? await clockedServer(server, options.now) : undefined;
  const url = clocked?.url ?? server.url;
  const groups = new Map<string, GroupDoc>();

  const fixture: AuthzFixture = {
    server,
    url,
    tenantId,
    adminKey,
    async call(method, path, body, key = adminKey) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    },
    async group(displayName, externalId) {
      const found = groups.get(displayName);
      if (found) return found;
      const created = await createGroup(
        dir,
        tenantId,
        { displayName, ...(externalId ? { externalId } : {}) },
        [],
        SCIM,
      );
      groups.set(displayName, created);
      return created;
    },
    async user(userName, memberOf = [], emails = []) {
      const user = await createUser(
        dir,
        tenantId,
        { userName, active: true, emails: emails.map((value) => ({ value })) },
        SCIM,
      );
      for (const g of memberOf) await fixture.setMembers(g, 'add', [user._id]);
      return fixture.stored(user._id);
    },
    async setMembers(groupName, op, userIds) {
      const group = await fixture.group(groupName);
      await updateGroup(dir, tenantId, group._id, { members: [{ op, userIds }] }, SCIM);
    },
    async stored(userId) {
      return (await server.store.collection<UserDoc>('users').findOne({ _id: userId, tenantId }))!;
    },
    async close() {
      clocked?.http.closeAllConnections();
      if (clocked) await new Promise<void>((resolve) => clocked.http.close(() => resolve()));
      await server.close();
    },
  };
  return fixture;
}

/** A mutable clock for tests: `set` jumps, `advance` moves forward. */
export function testClock(start: string) {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (iso: string) => void (t = Date.parse(iso)),
    advance: (ms: number) => void (t += ms),
  };
}
