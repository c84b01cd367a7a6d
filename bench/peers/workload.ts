import { createClient, expectStatus, percentile, runLanes, type HttpClient } from '../scim-load.js';

// One system's run at one size: the same requests, bodies and client for Roster and Polis.
// Every step also checks correctness; a wrong answer throws (a benchmark of wrong work is void).

export interface Tenant {
  url: string;
  token: string;
}

export interface Figures {
  createsPerSecond: number;
  eqP50: number;
  eqP99: number;
  patchSeconds: number;
  pageMs: number;
  /** The server's CPU milliseconds per create, per lookup and per 100-member PATCH: a loaded machine
   * stretches these far less than rates and latencies. */
  cpu: { create: number; lookup: number; patch: number };
}

/** The server process's CPU time so far, in ms (bench/peers/systems.ts). */
export type CpuClock = () => Promise<number>;

/** `work`'s result and the server CPU it took, in ms. */
async function withCpu<T>(cpuMs: CpuClock, work: () => Promise<T>): Promise<[T, number]> {
  const before = await cpuMs();
  const result = await work();
  return [result, (await cpuMs()) - before];
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CONNECTIONS = 8;
const LOOKUPS = 1000;
const PATCHES = 20;
const MEMBERS_PER_PATCH = 100;
/** Polis caps a page at 50 (its db pageLimit), so both systems are asked for 50. */
const PAGE = 50;
const OTHER_TENANT_USERS = 10;

const userName = (i: number) => `user${i}@peers.example`;

/** What Entra ID sends for a new user (its SCIM tutorial), core schema only (both systems accept it). */
function userBody(i: number) {
  return {
    schemas: [USER],
    externalId: `ext-${i}`,
    userName: userName(i),
    active: true,
    displayName: `User ${i}`,
    emails: [{ primary: true, type: 'work', value: userName(i) }],
    name: { formatted: `Given${i} Family${i}`, familyName: `Family${i}`, givenName: `Given${i}` },
  };
}

const parse = <T>(body: string) => JSON.parse(body) as T;

export async function createUsers(client: HttpClient, tenant: Tenant, count: number, ids: string[]): Promise<number> {
  const seconds = await runLanes(count, CONNECTIONS, async (i) => {
    const reply = await client.send('POST', `${tenant.url}/Users`, userBody(i));
    expectStatus(reply, 201, `create ${userName(i)}`);
    ids[i] = parse<{ id: string }>(reply.body).id;
  });
  if (new Set(ids).size !== count) throw new Error('two creates answered the same id');
  return count / seconds;
}

export async function lookups(
  client: HttpClient,
  tenant: Tenant,
  ids: string[],
): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  await runLanes(LOOKUPS, CONNECTIONS, async (k) => {
    const i = (k * 7919) % ids.length;
    const filter = encodeURIComponent(`userName eq "${userName(i)}"`);
    const reply = await client.send('GET', `${tenant.url}/Users?filter=${filter}`);
    expectStatus(reply, 200, 'lookup');
    const list = parse<{ totalResults: number; Resources: { id: string }[] }>(reply.body);
    if (list.totalResults !== 1 || list.Resources.length !== 1 || list.Resources[0].id !== ids[i])
      throw new Error(`lookup of ${userName(i)} was not exact: ${reply.body.slice(0, 200)}`);
    times.push(reply.ms);
  });
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Okta's group push: 20 PATCHes adding 100 members each, one after another. */
export async function fillGroup(
  client: HttpClient,
  tenant: Tenant,
  ids: string[],
  members: (groupId: string) => Promise<number>,
  cpuMs: CpuClock = async () => 0,
): Promise<{ seconds: number; cpuMs: number }> {
  const created = await client.send('POST', `${tenant.url}/Groups`, {
    schemas: [GROUP],
    displayName: 'Peers group',
    members: [],
  });
  expectStatus(created, 201, 'create group');
  const groupId = parse<{ id: string }>(created.body).id;
  const cpuBefore = await cpuMs();
  const started = performance.now();
  for (let b = 0; b < PATCHES; b++) {
    const value = ids
      .slice(b * MEMBERS_PER_PATCH, (b + 1) * MEMBERS_PER_PATCH)
      .map((id, k) => ({ value: id, display: userName(b * MEMBERS_PER_PATCH + k) }));
    const reply = await client.send('PATCH', `${tenant.url}/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value }],
    });
    if (reply.status !== 200 && reply.status !== 204) expectStatus(reply, 204, `PATCH ${b}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const patchCpu = (await cpuMs()) - cpuBefore;
  const stored = await members(groupId);
  if (stored !== PATCHES * MEMBERS_PER_PATCH) throw new Error(`group holds ${stored} members, expected 2,000`);
  return { seconds, cpuMs: patchCpu };
}

/** Walks the whole list, startIndex by startIndex (RFC 7644 §3.4.2.4); the mean ms per page. */
export async function walkList(client: HttpClient, tenant: Tenant, ids: string[]): Promise<number> {
  const seen = new Set<string>();
  const times: number[] = [];
  for (let start = 1; start <= ids.length; start += PAGE) {
    const reply = await client.send('GET', `${tenant.url}/Users?startIndex=${start}&count=${PAGE}`);
    expectStatus(reply, 200, `list page at ${start}`);
    // Not checked: Polis's totalResults counts at most one page of its store (DirectoryUsers.getAll).
    const page = parse<{ Resources: { id: string }[] }>(reply.body);
    for (const r of page.Resources) seen.add(r.id);
    times.push(reply.ms);
  }
  const expected = new Set(ids);
  if (seen.size !== ids.length || [...seen].some((id) => !expected.has(id)))
    throw new Error(`the list walk saw ${seen.size} distinct users of ${ids.length}, or another tenant's`);
  return times.reduce((a, b) => a + b, 0) / times.length;
}

/** The second tenant holds the same userNames; neither may ever see the other's users. */
async function otherTenant(client: HttpClient, tenant: Tenant): Promise<string[]> {
  const ids: string[] = [];
  await createUsers(client, tenant, OTHER_TENANT_USERS, ids);
  return ids;
}

async function checkOtherTenant(client: HttpClient, tenant: Tenant, ids: string[]): Promise<void> {
  const reply = await client.send('GET', `${tenant.url}/Users?startIndex=1&count=${PAGE}`);
  const list = parse<{ Resources: { id: string }[] }>(reply.body);
  const got = list.Resources.map((r) => r.id).sort();
  if (got.join() !== [...ids].sort().join())
    throw new Error(`tenants mixed: the second tenant lists ${got.length} users, expected its ${ids.length}`);
}

export async function runWorkload(
  tenants: Tenant[],
  users: number,
  members: (groupId: string) => Promise<number>,
  cpuMs: CpuClock,
): Promise<Figures> {
  const [a, b] = tenants.map((t) => createClient(t.token, CONNECTIONS));
  try {
    const otherIds = await otherTenant(b, tenants[1]);
    const ids: string[] = [];
    const [createsPerSecond, createCpu] = await withCpu(cpuMs, () => createUsers(a, tenants[0], users, ids));
    const [eq, eqCpu] = await withCpu(cpuMs, () => lookups(a, tenants[0], ids));
    const patch = await fillGroup(a, tenants[0], ids, members, cpuMs);
    const pageMs = await walkList(a, tenants[0], ids);
    await checkOtherTenant(b, tenants[1], otherIds);
    const cpu = { create: createCpu / users, lookup: eqCpu / LOOKUPS, patch: patch.cpuMs / PATCHES };
    return { createsPerSecond, eqP50: eq.p50, eqP99: eq.p99, patchSeconds: patch.seconds, pageMs, cpu };
  } finally {
    a.close();
    b.close();
  }
}
