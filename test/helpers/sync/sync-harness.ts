import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/app.js';
import {
  addConnector,
  getConnector,
  type AddConnectorInput,
  type ConnectorDoc,
} from '../../../src/connectors/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { startWorkers, type RunningWorkers } from '../../../workers/index.js';
import { connectorCatalogue, connectorRouteDeps } from '../../../workers/sync/index.js';
import { createIsolatedRuntime, type IsolatedRuntime } from '../isolated-runtime.js';

// A source Roster for sync tests: the real app over HTTP (the IdP's SCIM writes go here), its
// runtime with the sync workers started, and fast sync settings so retries and probes happen
// within a test. One per test file; each test makes its own tenant.

export const FAST_SYNC_ENV: Record<string, string> = {
  ROSTER_SYNC_COALESCE_MS: '50',
  ROSTER_SYNC_BACKOFF_MS: '50',
  ROSTER_SYNC_ATTEMPTS: '6',
  ROSTER_SYNC_STALLED_MS: '3000',
  ROSTER_SYNC_PROBE_MS: '100',
  ROSTER_SYNC_QUARANTINE_BASE_MS: '200',
  ROSTER_SYNC_QUARANTINE_AFTER: '5',
};

export const ACTOR = { type: 'cli' as const, id: 'test' };

export interface SourceTenant {
  tenant: string;
  scim(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  addConnector(input: Omit<AddConnectorInput, 'tenantId' | 'actor'>): Promise<ConnectorDoc>;
  connector(id: string): Promise<ConnectorDoc>;
}

export interface SyncHarness {
  runtime: IsolatedRuntime;
  url: string;
  workers?: RunningWorkers;
  startWorkers(): Promise<void>;
  tenant(): Promise<SourceTenant>;
  close(): Promise<void>;
}

export async function startSyncHarness(
  options: { env?: Record<string, string>; workers?: boolean } = {},
): Promise<SyncHarness> {
  const runtime = await createIsolatedRuntime(
    'sync',
    { ...FAST_SYNC_ENV, ...options.env },
    process.env.ROSTER_TEST_LOG_LEVEL ?? 'silent',
  );
  const server: Server = createServer(createApp({ ...runtime, connectors: connectorRouteDeps(runtime) }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const box = await runtime.secretBox();
  const harness: SyncHarness = {
    runtime,
    url,
    async startWorkers() {
      harness.workers = await startWorkers(runtime);
    },
    async tenant() {
      const tenant = `s${randomUUID().slice(0, 8)}`;
      await createTenant(runtime.domain, { id: tenant, plan: 'enterprise', actor: ACTOR });
      const { secret } = await createCredential(runtime.domain, { tenantId: tenant, kind: 'scim', actor: ACTOR });
      return {
        tenant,
        async scim(method, path, body) {
          const response = await fetch(`${url}/scim/v2/${tenant}${path}`, {
            method,
            headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await response.text();
          return { status: response.status, body: text ? JSON.parse(text) : undefined };
        },
        addConnector: (input) =>
          addConnector(
            { ...runtime.domain, box, catalogue: connectorCatalogue },
            { ...input, tenantId: tenant, actor: ACTOR },
          ),
        connector: (id) => getConnector(runtime.domain, tenant, id),
      };
    },
    async close() {
      await harness.workers?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
  if (options.workers !== false) await harness.startWorkers();
  return harness;
}

/** Polls `check` until it returns a truthy value (no fixed sleeps); fails with `what` after the timeout. */
export async function eventually<T>(what: string, check: () => Promise<T> | T, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const scimUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  name: { givenName: 'Ada', familyName: userName.split('@')[0] },
  emails: [{ value: userName, primary: true }],
  active: true,
  ...extra,
});

export const scimGroup = (displayName: string, memberIds: string[] = []) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName,
  members: memberIds.map((value) => ({ value })),
});

export const memberPatch = (op: 'add' | 'remove', userId: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations:
    op === 'add'
      ? [{ op: 'add', path: 'members', value: [{ value: userId }] }]
      : [{ op: 'remove', path: `members[value eq "${userId}"]` }],
});
