import { randomUUID } from 'node:crypto';
import { startHttpDouble, type HttpDouble, type RecordedRequest, type Reply } from './http-double.js';

// A deliberately naive SCIM 2.0 target: no uniqueness on userName (a second POST makes a second
// user, as some SaaS targets do), so a test can see a user created twice. It answers the calls the
// outbound SCIM connector makes (RFC 7644 §3.3 create, §3.4.2 `eq` filter, §3.5.2 PATCH, §3.6
// DELETE) and can be told to fail: `failNext` queues one-shot replies (429, 500, 401 …) for any request.

type Doc = Record<string, any> & { id: string };

export interface ScimDouble extends HttpDouble {
  token: string;
  users: Map<string, Doc>;
  groups: Map<string, Doc>;
  /** POST /Users per userName: a value above 1 is a user created twice. */
  creates: Map<string, number>;
  /** userName → arrival time (ms) of its first POST /Users. */
  createdAt: Map<string, number>;
  /** Members added by PATCH, counted (a benchmark's memberships applied). */
  membersAdded: { count: number; lastAt: number };
  /** Arrival time (ms) of each request, by index in `requests`. */
  times: number[];
  failNext(reply: Reply, count?: number): void;
  /** Answers every request with `reply` until cleared (undefined). */
  failAll(reply: Reply | undefined): void;
}

const list = (docs: Doc[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: docs.length,
  Resources: docs,
});

function applyPatch(doc: Doc, operations: Array<{ op: string; path?: string; value?: any }>): void {
  for (const o of operations) {
    const op = o.op.toLowerCase();
    if (o.path === 'members' && op === 'add') {
      const have = new Set((doc.members ?? []).map((m: { value: string }) => m.value));
      doc.members = [...(doc.members ?? []), ...o.value.filter((m: { value: string }) => !have.has(m.value))];
    } else if (o.path?.startsWith('members[') && op === 'remove') {
      const id = /value eq "(.*)"\]$/.exec(o.path)?.[1];
      doc.members = (doc.members ?? []).filter((m: { value: string }) => m.value !== id);
    } else if (o.path) doc[o.path] = o.value;
    else Object.assign(doc, o.value);
  }
}

export async function startScimDouble(): Promise<ScimDouble> {
  const token = `double-${randomUUID()}`;
  const users = new Map<string, Doc>();
  const groups = new Map<string, Doc>();
  const creates = new Map<string, number>();
  const faults: Reply[] = [];
  let always: Reply | undefined;
  const times: number[] = [];
  const createdAt = new Map<string, number>();
  const membersAdded = { count: 0, lastAt: 0 };

  function route(req: RecordedRequest): Reply {
    times.push(Date.now());
    const fault = always ?? faults.shift();
    if (fault) return fault;
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { detail: 'unauthorized' } };
    const [pathPart, query = ''] = req.url.split('?');
    const [, endpoint, id] = pathPart.split('/');
    if (endpoint === 'ServiceProviderConfig') return { status: 200, body: { patch: { supported: true } } };
    const store = endpoint === 'Users' ? users : endpoint === 'Groups' ? groups : undefined;
    if (!store) return { status: 404, body: {} };
    const body = req.body ? JSON.parse(req.body) : undefined;
    if (req.method === 'GET' && !id) {
      const filter = new URLSearchParams(query).get('filter');
      const m = filter ? /^(\w+) eq "(.*)"$/.exec(filter) : null;
      const all = [...store.values()];
      return { status: 200, body: list(m ? all.filter((d) => String(d[m[1]]) === m[2]) : all) };
    }
    if (req.method === 'POST') {
      const doc = { ...body, id: randomUUID() };
      store.set(doc.id, doc);
      if (endpoint === 'Users') {
        creates.set(doc.userName, (creates.get(doc.userName) ?? 0) + 1);
        if (!createdAt.has(doc.userName)) createdAt.set(doc.userName, Date.now());
      }
      return { status: 201, body: doc };
    }
    const doc = store.get(id);
    if (!doc) return { status: 404, body: { detail: 'not found' } };
    if (req.method === 'GET') return { status: 200, body: doc };
    if (req.method === 'PATCH') {
      const before = doc.members?.length ?? 0;
      applyPatch(doc, body.Operations);
      const added = (doc.members?.length ?? 0) - before;
      if (added > 0) Object.assign(membersAdded, { count: membersAdded.count + added, lastAt: Date.now() });
      return { status: 200, body: doc };
    }
    if (req.method === 'PUT') return (store.set(id, { ...body, id }), { status: 200, body: store.get(id) });
    if (req.method === 'DELETE') return (store.delete(id), { status: 204 });
    return { status: 405, body: {} };
  }

  const double = await startHttpDouble(route);
  return Object.assign(double, {
    token,
    users,
    groups,
    creates,
    createdAt,
    membersAdded,
    times,
    failNext(reply: Reply, count = 1) {
      for (let i = 0; i < count; i++) faults.push(reply);
    },
    failAll(reply: Reply | undefined) {
      always = reply;
    },
  });
}
