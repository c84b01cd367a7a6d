import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { startScimDouble, type ScimDouble } from '../test/helpers/sync/scim-double.js';
import { createClient, expectStatus, runLanes } from './scim-load.js';

// The other side of bench/sync.ts, in its own process so that Roster's process pays only for
// Roster: the IdP writing over SCIM (keep-alive lanes) and the downstream SaaS targets (SCIM
// doubles). It also counts completed `roster-sync` jobs (QueueEvents), so the bench can set sync
// jobs/s beside BullMQ's no-op jobs/s. Commands arrive over IPC from bench/sync.ts.

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PeerCommand =
  | { type: 'start'; doubles: number; redisUrl: string; bullPrefix: string }
  | { type: 'stats' }
  | { type: 'idle'; scim: string; secret: string; count: number; connections: number }
  | { type: 'groups'; scim: string; secret: string; count: number }
  | {
      type: 'burst';
      scim: string;
      secret: string;
      from: number;
      count: number;
      groupIds: string[];
      connections: number;
    }
  | { type: 'lags'; from: number; count: number }
  | { type: 'stop' };

export interface DownstreamStats {
  users: number;
  groups: number;
  members: number;
  lastMemberAt: number;
  duplicates: number;
}

const userBody = (i: number) => ({
  schemas: [USER],
  userName: `user${i}@bench.example`,
  active: true,
  name: { givenName: `G${i}`, familyName: `F${i}` },
  emails: [{ value: `user${i}@bench.example`, primary: true }],
});

let doubles: ScimDouble[] = [];
let events: QueueEvents | undefined;
let syncJobsCompleted = 0;
/** userName → when Roster answered the PATCH that made it a member (the membership's SCIM 2xx). */
const joinedAt = new Map<string, number>();
/** userName → when Roster answered its POST /Users. */
const createdAnswerAt = new Map<string, number>();

function stats(d: ScimDouble): DownstreamStats {
  let duplicates = 0;
  for (const n of d.creates.values()) if (n > 1) duplicates++;
  return {
    users: d.creates.size,
    groups: d.groups.size,
    members: d.membersAdded.count,
    lastMemberAt: d.membersAdded.lastAt,
    duplicates,
  };
}

/** Arrival of the first PATCH /Groups naming each remote user as a member, by userName. */
function memberArrivals(d: ScimDouble): Map<string, number> {
  const nameOf = new Map([...d.users.values()].map((u) => [u.id, u.userName as string]));
  const arrivals = new Map<string, number>();
  d.requests.forEach((r, i) => {
    if (r.method !== 'PATCH' || !r.url.startsWith('/Groups/')) return;
    for (const op of JSON.parse(r.body).Operations ?? [])
      if (op.path === 'members' && Array.isArray(op.value))
        for (const m of op.value) {
          const name = nameOf.get(m.value);
          if (name && !arrivals.has(name)) arrivals.set(name, d.times[i]);
        }
  });
  return arrivals;
}

async function handle(command: PeerCommand): Promise<unknown> {
  switch (command.type) {
    case 'start': {
      doubles = await Promise.all(Array.from({ length: command.doubles }, () => startScimDouble()));
      events = new QueueEvents('roster-sync', {
        connection: new Redis(command.redisUrl, { maxRetriesPerRequest: null }),
        prefix: command.bullPrefix,
      });
      events.on('completed', () => {
        syncJobsCompleted++;
      });
      await events.waitUntilReady();
      return { doubles: doubles.map((d) => ({ url: d.url, token: d.token })) };
    }
    case 'stats':
      return { doubles: doubles.map(stats), syncJobsCompleted };
    case 'idle': {
      const client = createClient(command.secret, command.connections);
      const ms: number[] = [];
      await runLanes(command.count, command.connections, async (i) => {
        const reply = await client.send('POST', `${command.scim}/Users`, userBody(1_000_000 + i));
        expectStatus(reply, 201, 'idle POST /Users');
        ms.push(reply.ms);
      });
      client.close();
      return { ms };
    }
    case 'groups': {
      const client = createClient(command.secret, 1);
      const ids: string[] = [];
      for (let g = 0; g < command.count; g++) {
        const reply = await client.send('POST', `${command.scim}/Groups`, {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: `group${g}`,
        });
        expectStatus(reply, 201, 'POST /Groups');
        ids.push(JSON.parse(reply.body).id);
      }
      client.close();
      return { ids };
    }
    case 'burst': {
      const client = createClient(command.secret, command.connections);
      const ms: number[] = [];
      const started = Date.now();
      await runLanes(command.count, command.connections, async (n) => {
        const i = command.from + n;
        const reply = await client.send('POST', `${command.scim}/Users`, userBody(i));
        expectStatus(reply, 201, 'POST /Users');
        createdAnswerAt.set(`user${i}@bench.example`, Date.now());
        ms.push(reply.ms);
        const patch = await client.send(
          'PATCH',
          `${command.scim}/Groups/${command.groupIds[i % command.groupIds.length]}`,
          {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: JSON.parse(reply.body).id }] }],
          },
        );
        if (patch.status !== 200 && patch.status !== 204) throw new Error(`PATCH: ${patch.status} ${patch.body}`);
        joinedAt.set(`user${i}@bench.example`, Date.now());
      });
      client.close();
      return { ms, started, finished: Date.now() };
    }
    case 'lags': {
      // Per downstream and user: SCIM 2xx → the downstream's POST /Users, and → the PATCH adding it.
      const users: number[] = [];
      const members: number[] = [];
      for (const d of doubles) {
        const arrivals = memberArrivals(d);
        for (let n = 0; n < command.count; n++) {
          const name = `user${command.from + n}@bench.example`;
          users.push((d.createdAt.get(name) ?? Number.NaN) - (createdAnswerAt.get(name) ?? Number.NaN));
          members.push((arrivals.get(name) ?? Number.NaN) - (joinedAt.get(name) ?? Number.NaN));
        }
      }
      return { users, members };
    }
    case 'stop':
      await events?.close();
      await Promise.all(doubles.map((d) => d.close()));
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (command: PeerCommand) => {
  handle(command).then(
    (reply) => process.send?.({ ok: true, reply }),
    (error: Error) => process.send?.({ ok: false, error: error.stack ?? String(error) }),
  );
});
process.send?.({ ok: true, reply: 'ready' });
