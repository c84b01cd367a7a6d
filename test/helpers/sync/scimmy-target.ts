import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

// A SCIM service provider nobody here wrote: scimmy-routers on Express, on 127.0.0.1 port 0,
// with a small in-memory store behind scimmy's ingress/egress/degress handlers. SCIMMY keeps its
// handlers in module state (one per resource type for the whole process), so the handlers are
// declared once and find the store of the target a request came to in the context each target's
// routers hand them: two targets in one test file keep apart.

type Doc = Record<string, any> & { id: string };

export interface ScimmyTarget {
  baseUrl: string;
  token: string;
  users: Map<string, Doc>;
  groups: Map<string, Doc>;
  /** Methods and paths seen, e.g. "PUT /Groups/…". */
  requests: string[];
  close(): Promise<void>;
}

function conflict(message: string): never {
  throw new SCIMMY.Types.Error(409, 'uniqueness', message);
}

/** What each target's routers hand the handlers (scimmy passes it last): that target's stores. */
interface TargetContext {
  users: Map<string, Doc>;
  groups: Map<string, Doc>;
}

function handlers(storeOf: (ctx: TargetContext) => Map<string, Doc>, unique: string) {
  return {
    ingress: (resource: { id?: string }, instance: Record<string, any>, ctx: TargetContext) => {
      const store = storeOf(ctx);
      const value = String(instance[unique] ?? '').toLowerCase();
      const clash = [...store.values()].find((d) => String(d[unique]).toLowerCase() === value && d.id !== resource.id);
      if (clash) conflict(`${unique} is taken`);
      if (resource.id && !store.has(resource.id)) throw new Error('not found');
      const id = resource.id ?? randomUUID();
      const now = new Date();
      const doc = {
        ...JSON.parse(JSON.stringify(instance)),
        id,
        meta: { created: store.get(id)?.meta.created ?? now, lastModified: now },
      };
      store.set(id, doc);
      return doc;
    },
    egress: (resource: { id?: string; filter?: { match(values: Doc[]): Doc[] } }, ctx: TargetContext) => {
      const store = storeOf(ctx);
      if (resource.id) {
        const doc = store.get(resource.id);
        if (!doc) throw new Error('not found');
        return doc;
      }
      const all = [...store.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress: (resource: { id?: string }, ctx: TargetContext) => {
      if (!resource.id || !storeOf(ctx).delete(resource.id)) throw new Error('not found');
    },
  };
}

let declared = false;

function declareOnce(): void {
  if (declared) return;
  declared = true;
  const u = handlers((ctx) => ctx.users, 'userName');
  const g = handlers((ctx) => ctx.groups, 'displayName');
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress(u.ingress as never)
    .egress(u.egress as never)
    .degress(u.degress as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress(g.ingress as never)
    .egress(g.egress as never)
    .degress(g.degress as never);
}

export async function startScimmyTarget(options: { patch: boolean }): Promise<ScimmyTarget> {
  const token = `scimmy-${randomUUID()}`;
  const users = new Map<string, Doc>();
  const groups = new Map<string, Doc>();
  const requests: string[] = [];
  declareOnce();
  const app = express();
  app.use((req, _res, next) => (requests.push(`${req.method} ${req.path.replace(/^\/scim/, '')}`), next()));
  const routers = new SCIMMYRouters({
    type: 'bearer',
    handler: (request: express.Request) => {
      if (request.header('authorization') !== `Bearer ${token}`) throw new Error('Authorization failed');
      return 'downstream-admin';
    },
    context: (): TargetContext => ({ users, groups }),
  });
  // After the routers: their constructor turns the features it implements on.
  SCIMMY.Config.set('patch', options.patch);
  app.use('/scim', routers as unknown as express.Router);
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim`,
    token,
    users,
    groups,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
