import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/people/index.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import { ACTOR, eventually, scimUser, startSyncHarness, type SyncHarness } from '../../helpers/sync/sync-harness.js';

// Fairness: tenant A's full sync (every user, low priority) is running; tenant B's single live
// change goes ahead of every A job still waiting. The bound: B waits for at most the jobs
// already in flight (ROSTER_SYNC_CONCURRENCY = 4 here), never for A's backlog.

const A_USERS = 300;

describe('fair scheduling between tenants', () => {
  let source: SyncHarness;
  let a: ScimDouble;
  let b: ScimDouble;
  beforeAll(async () => {
    source = await startSyncHarness({ env: { ROSTER_SYNC_CONCURRENCY: '4', ROSTER_SYNC_COALESCE_MS: '0' } });
    [a, b] = await Promise.all([startScimDouble(), startScimDouble()]);
  });
  afterAll(() => Promise.all([source.close(), a.close(), b.close()]));

  it("tenant B's one change gets downstream while tenant A's full sync still has most of its users to go", async () => {
    const ta = await source.tenant();
    const tb = await source.tenant();
    for (let i = 0; i < A_USERS; i++)
      await createUser(
        source.runtime.domain,
        ta.tenant,
        { userName: `a${i}@a.example`, active: true },
        { actor: ACTOR, source: 'scim' },
      );
    // A's user.created events are consumed first (no connector yet), so only the full sync remains.
    const events = source.runtime.queues.events;
    await eventually(
      'the outbox relayed and consumed',
      async () => {
        const pending = await source.runtime.store.collection('outbox').countDocuments({ relayed: false });
        const counts = await events.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return pending === 0 && Object.values(counts).every((n) => n === 0);
      },
      60_000,
    );
    await tb.addConnector({
      name: 'b',
      kind: 'scim',
      config: { baseUrl: b.url, auth: { type: 'bearer', token: b.token } },
    });
    // Adding A's connector starts its initial full sync of all A_USERS.
    await ta.addConnector({
      name: 'a',
      kind: 'scim',
      config: { baseUrl: a.url, auth: { type: 'bearer', token: a.token } },
    });
    await eventually("A's full sync in flight", () => a.creates.size >= 20, 60_000);
    await tb.scim('POST', '/Users', scimUser('solo@b.example'));
    await eventually("B's user downstream", () => b.creates.get('solo@b.example') === 1, 60_000);
    const aDoneWhenBArrived = a.creates.size;
    expect(aDoneWhenBArrived).toBeLessThan(A_USERS / 2);
    await eventually("A's full sync finished", () => a.creates.size === A_USERS, 120_000);
  }, 180_000);
});
