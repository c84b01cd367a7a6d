import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterScimTarget, startTestServer, type TestServer } from '../../helpers/sync/roster-scim.js';
import { startScimmyTarget, type ScimmyTarget } from '../../helpers/sync/scimmy-target.js';
import {
  eventually,
  memberPatch,
  scimGroup,
  scimUser,
  startSyncHarness,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// Outbound SCIM: changes written to a source tenant over SCIM reach Roster's own SCIM server (a
// second Roster, another tenant) and a SCIM server nobody here wrote (scimmy-routers).

// Each test drives the whole engine (relay, fan-out, jobs) against a real downstream: minutes, not
// seconds, on a loaded 2-core machine with coverage on.
describe('sync over outbound SCIM', { timeout: 120_000 }, () => {
  let source: SyncHarness;
  let target: TestServer;
  let scimmy: ScimmyTarget;
  beforeAll(async () => {
    [source, target, scimmy] = await Promise.all([
      startSyncHarness(),
      startTestServer(),
      startScimmyTarget({ patch: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close(), scimmy?.close()]);
  });

  it('provisions users, a group and its members to Roster SCIM, then follows a removal and deactivation', async () => {
    const t = await source.tenant();
    const down = await rosterScimTarget(target);
    const connector = await t.addConnector({
      name: 'downstream-roster',
      kind: 'scim',
      config: { baseUrl: down.baseUrl, auth: { type: 'bearer', token: down.token } },
    });
    expect(JSON.stringify(connector.config)).not.toContain(down.token);
    const ada = (await t.scim('POST', '/Users', scimUser('ada@acme.example'))).body;
    const bob = (await t.scim('POST', '/Users', scimUser('bob@acme.example'))).body;
    const group = (await t.scim('POST', '/Groups', scimGroup('Engineering', [ada.id, bob.id]))).body;
    const remoteGroup = await eventually('the group with both members downstream', async () => {
      const list = await down.get(`/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`);
      const g = list.body.Resources?.[0];
      return g?.members?.length === 2 ? g : null;
    });
    const users = await down.get('/Users');
    expect(users.body.totalResults).toBe(2);
    expect(users.body.Resources.map((u: any) => u.userName).sort()).toEqual(['ada@acme.example', 'bob@acme.example']);

    expect((await t.scim('PATCH', `/Groups/${group.id}`, memberPatch('remove', bob.id))).status).toBeLessThan(300);
    await eventually('bob removed from the group downstream', async () => {
      const g = (await down.get(`/Groups/${remoteGroup.id}`)).body;
      return g.members?.length === 1 && g.members[0].display !== 'bob@acme.example';
    });
    await t.scim('PATCH', `/Users/${ada.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    await eventually('ada deactivated downstream', async () => {
      const list = await down.get(`/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`);
      return list.body.Resources?.[0]?.active === false;
    });
  });

  it('provisions into a scimmy-routers server and deletes a user when configured to delete', async () => {
    const t = await source.tenant();
    await t.addConnector({
      name: 'scimmy',
      kind: 'scim',
      deprovision: 'delete',
      config: { baseUrl: scimmy.baseUrl, auth: { type: 'bearer', token: scimmy.token } },
    });
    const carol = (await t.scim('POST', '/Users', scimUser('carol@acme.example'))).body;
    await t.scim('POST', '/Groups', scimGroup('Design', [carol.id]));
    await eventually('carol in Design on scimmy', () => {
      const g = [...scimmy.groups.values()].find((d) => d.displayName === 'Design');
      return g?.members?.length === 1;
    });
    expect([...scimmy.users.values()].filter((u) => u.userName === 'carol@acme.example')).toHaveLength(1);
    expect((await t.scim('DELETE', `/Users/${carol.id}`)).status).toBe(204);
    await eventually('carol deleted on scimmy', () =>
      [...scimmy.users.values()].every((u) => u.userName !== 'carol@acme.example'),
    );
  });

  it('add then remove the same member within 100 ms: the downstream ends without them', async () => {
    const t = await source.tenant();
    const down = await rosterScimTarget(target);
    await t.addConnector({
      name: 'flap',
      kind: 'scim',
      config: { baseUrl: down.baseUrl, auth: { type: 'bearer', token: down.token } },
    });
    const dan = (await t.scim('POST', '/Users', scimUser('dan@acme.example'))).body;
    const eve = (await t.scim('POST', '/Users', scimUser('eve@acme.example'))).body;
    const group = (await t.scim('POST', '/Groups', scimGroup('Ops', [eve.id]))).body;
    const remote = await eventually('Ops with eve downstream', async () => {
      const g = (await down.get(`/Groups?filter=${encodeURIComponent('displayName eq "Ops"')}`)).body.Resources?.[0];
      return g?.members?.length === 1 ? g : null;
    });
    // Back to back, well inside one coalescing window (ROSTER_SYNC_COALESCE_MS).
    await t.scim('PATCH', `/Groups/${group.id}`, memberPatch('add', dan.id));
    await t.scim('PATCH', `/Groups/${group.id}`, memberPatch('remove', dan.id));
    // Eve's rename is queued after both, so once it is downstream the member changes were applied.
    await t.scim('PATCH', `/Groups/${group.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Ops-2' }],
    });
    const after = await eventually('the rename downstream', async () => {
      const g = (await down.get(`/Groups/${remote.id}`)).body;
      return g.displayName === 'Ops-2' ? g : null;
    });
    expect(after.members.map((m: any) => m.value)).toEqual([remote.members[0].value]);
  });

  it('coalesces 50 changes to one user into few downstream calls and lands on the last value', async () => {
    const t = await source.tenant();
    const counting = await startScimmyTarget({ patch: true });
    try {
      await t.addConnector({
        name: 'burst',
        kind: 'scim',
        config: { baseUrl: counting.baseUrl, auth: { type: 'bearer', token: counting.token } },
      });
      const fay = (await t.scim('POST', '/Users', scimUser('fay@acme.example'))).body;
      await eventually('fay downstream', () =>
        [...counting.users.values()].some((u) => u.userName === 'fay@acme.example'),
      );
      const before = counting.requests.filter((r) => r.startsWith('PATCH /Users')).length;
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.scim('PATCH', `/Users/${fay.id}`, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', path: 'title', value: `v${i}` }],
          }),
        ),
      );
      await t.scim('PATCH', `/Users/${fay.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'displayName', value: 'Fay Final' }],
      });
      await eventually('the last value downstream', () =>
        [...counting.users.values()].some((u) => u.displayName === 'Fay Final'),
      );
      const patches = counting.requests.filter((r) => r.startsWith('PATCH /Users')).length - before;
      expect(patches).toBeLessThanOrEqual(5);
    } finally {
      await counting.close();
    }
  });
});
