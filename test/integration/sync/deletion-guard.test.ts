import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDeletes } from '../../../src/connectors/index.js';
import { planFullSync, syncDepsOf } from '../../../workers/sync/index.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import { eventually, scimUser, startSyncHarness, type SyncHarness } from '../../helpers/sync/sync-harness.js';

// The accidental-deletion guard holds past its threshold whichever job carries the deprovision: a
// full sync planned while the users were still active, whose jobs run after the IdP deactivated
// them, must not apply what the guard held from the live changes.

describe('the accidental-deletion guard and a full sync planned before the deletions', () => {
  let source: SyncHarness;
  let down: ScimDouble;
  beforeAll(async () => {
    source = await startSyncHarness();
    down = await startScimDouble();
  });
  afterAll(async () => {
    await Promise.all([source.close(), down.close()]);
  });

  it("holds the full run's deprovisions past the guard too, until approved", async () => {
    const t = await source.tenant();
    const doc = await t.addConnector({
      name: 'guarded',
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      deleteGuard: { maxCount: 1, minCount: 100 },
    });
    const ids: string[] = [];
    for (const name of ['ann', 'ben', 'col'])
      ids.push((await t.scim('POST', '/Users', scimUser(`${name}.${t.tenant}@acme.example`))).body.id);
    const mine = () => [...down.users.values()].filter((u) => u.userName.endsWith(`.${t.tenant}@acme.example`));
    await eventually('three users downstream', () => mine().length === 3);
    await eventually('the first full sync done', async () => (await t.connector(doc._id)).lastFullSync?.finishedAt);

    // Workers stopped; a full sync planned now sees three active users and queues three jobs.
    await source.workers!.stop();
    const deps = await syncDepsOf(source.runtime);
    expect((await planFullSync(deps, await t.connector(doc._id))).held).toBe(0);
    const deactivate = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    };
    for (const id of ids) expect((await t.scim('PATCH', `/Users/${id}`, deactivate)).status).toBe(200);
    await source.startWorkers();

    await eventually(
      'two deprovisions held',
      async () => (await t.connector(doc._id)).heldDeletions?.userIds.length === 2,
    );
    const inactive = () => mine().filter((u) => u.active === false).length;
    await eventually('the run and the live jobs done', async () => {
      const counts = await source.runtime.queues.sync.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      return Object.values(counts).every((n) => n === 0);
    });
    expect(inactive()).toBe(1);
    const { userIds } = await approveDeletes(source.runtime.domain, t.tenant, 'guarded', { type: 'cli', id: 'test' });
    expect(userIds).toHaveLength(2);
    await eventually('all three deactivated once approved', () => inactive() === 3);
  }, 120_000);
});
