import { createServer } from 'node:http';
import { once } from 'node:events';
import jackson from '@boxyhq/saml-jackson';

// Ory Polis (@boxyhq/saml-jackson) Directory Sync as a SCIM server: its own request handler
// (directorySyncController.requests.handle, what its Next.js API route calls) behind node:http,
// so the bench drives Polis and Roster over the same HTTP client. argv[2]: a Polis db option as
// JSON ({"engine":"mem"} or {"engine":"sql","type":"postgres","url":…}).

// Its logger.error fires for every event of a directory without a webhook: silenced.
const quiet = { info() {}, warn() {}, error() {} };
// Polis prints "Webhook not configured" for every event; the bench reports over IPC, not stdout.
console.log = console.info = console.warn = () => {};

const { directorySyncController: ds } = await jackson.controllers({
  externalUrl: 'http://127.0.0.1',
  samlPath: '/sso/acs',
  db: JSON.parse(process.argv[2]),
  noAnalytics: true,
  logger: quiet,
});

const PRODUCT = 'bench';
const dirs = [];
for (const tenant of ['tenant-a', 'tenant-b']) {
  const { data, error } = await ds.directories.create({ tenant, product: PRODUCT, type: 'generic-scim-v2' });
  if (error) throw new Error(JSON.stringify(error));
  dirs.push({ ...data, tenant });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined));
    req.on('error', reject);
  });
}

// /scim/<directoryId>/<Users|Groups>[/<id>]?filter=…&startIndex=…&count=…
async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const [, , directoryId, resource, resourceId] = url.pathname.split('/');
  const q = url.searchParams;
  const query = {
    ...(q.has('filter') ? { filter: q.get('filter') } : {}),
    ...(q.has('startIndex') ? { startIndex: Number(q.get('startIndex')) } : {}),
    ...(q.has('count') ? { count: Number(q.get('count')) } : {}),
  };
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
  const reply = await ds.requests.handle({
    method: req.method,
    body: await readBody(req),
    directoryId,
    resourceType: resource.toLowerCase(),
    resourceId,
    apiSecret: auth,
    query,
  });
  const body = JSON.stringify(reply.data ?? {});
  res.writeHead(reply.status, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) =>
  handle(req, res).catch((err) => {
    res.writeHead(500).end(String(err?.message ?? err));
  }),
);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${server.address().port}/scim`;

process.on('disconnect', () => process.exit(1));
process.on('message', async (m) => {
  // bench/peers/workload.ts: this process's CPU time, read before and after each phase.
  if (m.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  }
  if (m.type === 'members') {
    const dir = dirs[m.tenant];
    // Polis caps a page at its db pageLimit: walk the pages.
    const groups = ds.groups.setTenantAndProduct(dir.tenant, PRODUCT);
    let count = 0;
    for (let offset = 0; ; ) {
      const { data, error } = await groups.getGroupMembers({ groupId: m.groupId, pageOffset: offset, pageLimit: 50 });
      if (error) throw new Error(JSON.stringify(error));
      count += data.length;
      offset += data.length;
      if (data.length === 0) break;
    }
    process.send({ type: 'members', count });
  }
  if (m.type === 'stop') {
    server.closeAllConnections();
    server.close();
    process.send({ type: 'stopped' }, () => process.exit(0));
  }
});
process.send({ type: 'ready', tenants: dirs.map((d) => ({ url: `${base}/${d.id}`, token: d.scim.secret })) });
