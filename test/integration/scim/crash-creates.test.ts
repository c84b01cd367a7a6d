import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxDoc } from '../../../src/audit/index.js';
import { openEmbeddedStore } from '../../../src/store/index.js';
import { freePort, killLeftoverServes, runCli, startServe } from '../../helpers/cli.js';

// `roster serve` SIGKILLed while 8 SCIM clients create users: every create it answered 201 is
// in the database afterwards, with its user.created event, although concurrent creates commit
// together (src/store/embedded/group-commit.ts) and the kill lands in the middle of batches.

const CHILD_PROCESSES = { timeout: 120_000 };
const LANES = 8;
/** Answered creates before the kill: enough that batches of several creates have committed. */
const BEFORE_KILL = 120;

describe('a SCIM server killed during concurrent creates', CHILD_PROCESSES, () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-crash-creates-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '', ROSTER_REDIS_PREFIX: `roster-crash-creates:${process.pid}:` };
  });
  afterEach(async () => {
    killLeftoverServes();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every user whose create answered 201, with its event', async () => {
    const served = await startServe(env, await freePort());
    await runCli(['tenant', 'create', 'acme'], env);
    const token = (await runCli(['token', 'create', 'acme', '--name', 'idp'], env)).stdout.trim();
    const created: string[] = [];
    let next = 0;
    let killed = false;
    const lane = async () => {
      while (!killed) {
        const i = next++;
        const answer = await fetch(`${served.url}/scim/v2/acme/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `user${i}@crash.example`,
            emails: [{ value: `user${i}@crash.example`, primary: true }],
          }),
        }).catch(() => undefined); // the kill cuts the requests in flight
        if (!answer) continue;
        // The kill may also cut a response between its status line and its body.
        const body = await answer.text().catch(() => undefined);
        if (body === undefined) continue;
        if (answer.status !== 201) throw new Error(`create ${i}: ${answer.status} ${body}`);
        created.push((JSON.parse(body) as { id: string }).id);
        if (created.length >= BEFORE_KILL && !killed) {
          killed = true;
          served.child.kill('SIGKILL'); // at once, with the other lanes' creates in flight
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    // A child killed by a signal keeps exitCode null and sets signalCode; its 'exit' may have fired already.
    const exited = () => served.child.exitCode !== null || served.child.signalCode !== null;
    await new Promise((resolve) => (exited() ? resolve(null) : served.child.once('exit', resolve)));
    expect(served.child.signalCode).toBe('SIGKILL');

    const store = openEmbeddedStore({ dataDir, ttlSweepSeconds: 0 });
    try {
      const users = await store.collection('users').find({ tenantId: 'acme', _id: { $in: created } });
      expect(users.map((u) => u._id).sort()).toEqual([...created].sort());
      const events = await store
        .collection<OutboxDoc>('outbox')
        .find({ tenantId: 'acme', type: 'user.created', subject: { $in: created } });
      expect(new Set(events.map((e) => e.subject)).size).toBe(created.length);
    } finally {
      await store.close();
    }
  });
});
