import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubDouble } from '../../helpers/sync/github-double.js';
import { startScimDouble } from '../../helpers/sync/scim-double.js';
import {
  eventually,
  scimGroup,
  scimUser,
  startSyncHarness,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// How the engine meets a failing target: Retry-After honoured per connector, 5xx retried with
// backoff, refused credentials quarantine the connector until a probe passes; and GitHub.

describe('sync failure handling', () => {
  let source: SyncHarness;
  beforeAll(async () => {
    source = await startSyncHarness();
  });
  afterAll(() => source.close());

  it('429 with Retry-After, 500s, then OK: the user arrives once and the retry waited out Retry-After', async () => {
    const t = await source.tenant();
    const down = await startScimDouble();
    try {
      await t.addConnector({
        name: 'flaky',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      });
      // The connector's initial full sync has nothing to do; from here on the target fails.
      down.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { detail: 'slow down' } });
      down.failNext({ status: 500, body: { detail: 'oops' } }, 3);
      await t.scim('POST', '/Users', scimUser('gil@acme.example'));
      await eventually('gil downstream', () => down.creates.get('gil@acme.example') === 1);
      const first = down.times[0];
      const afterLimit = down.times[1];
      expect(afterLimit - first).toBeGreaterThanOrEqual(1000);
      expect(down.creates.get('gil@acme.example')).toBe(1);
      expect(down.requests.length).toBeGreaterThanOrEqual(5);
    } finally {
      await down.close();
    }
  });

  it('a 401 quarantines the connector, audited; when the target accepts, a probe resumes and catches up', async () => {
    const t = await source.tenant();
    const down = await startScimDouble();
    try {
      const doc = await t.addConnector({
        name: 'refused',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      });
      down.failAll({ status: 401, body: { detail: 'token revoked' } });
      await t.scim('POST', '/Users', scimUser('hal@acme.example'));
      const quarantined = await eventually('quarantine', async () => {
        const c = await t.connector(doc._id);
        return c.state.status === 'quarantined' ? c : null;
      });
      expect(quarantined?.state.reason).toMatch(/credentials/);
      const audit = await source.runtime.store
        .collection('auditEvents')
        .find({ tenantId: t.tenant, action: { $in: ['connector.quarantined', 'connector.sync_failed'] } });
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['connector.quarantined', 'connector.sync_failed']),
      );
      down.failAll(undefined);
      await eventually('resumed by the probe', async () => (await t.connector(doc._id)).state.status === 'active');
      await eventually('hal downstream after the catch-up sync', () => down.creates.get('hal@acme.example') === 1);
    } finally {
      await down.close();
    }
  });

  it('GitHub: a group becomes a team, its members org members with team membership', async () => {
    const t = await source.tenant();
    const gh = await startGithubDouble('acme');
    try {
      await t.addConnector({
        name: 'github',
        kind: 'github',
        config: { org: 'acme', token: gh.token, baseUrl: gh.url, minMutationGapMs: 0, loginFrom: 'emailLocalPart' },
      });
      const ivy = (await t.scim('POST', '/Users', scimUser('ivy@acme.example'))).body;
      await t.scim('POST', '/Groups', scimGroup('Platform Team', [ivy.id]));
      await eventually('ivy in the platform-team team', () => gh.teams.get('platform-team')?.members.has('ivy'));
      expect(gh.members.get('ivy')?.state).toBe('pending');
    } finally {
      await gh.close();
    }
  });
});
