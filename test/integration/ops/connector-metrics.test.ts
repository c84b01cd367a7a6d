import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeConnector } from '../../../src/connectors/index.js';
import { replayFailed } from '../../../workers/sync/index.js';
import { promtool, sample } from '../../helpers/prometheus.js';
import { startOpsServer, type OpsServer } from '../../helpers/sync/ops-server.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import { ACTOR, eventually, scimUser, startSyncHarness, type SyncHarness } from '../../helpers/sync/sync-harness.js';

// The per-connector gauges on /metrics (src/ops/connector-metrics.ts) follow the sync: a refused
// job raises roster_connector_dead_letters and a replay that goes through lowers it; a 401 sets
// roster_connector_quarantined until the connector is resumed; a job held back by the target's
// Retry-After shows as roster_connector_lag_seconds. Series are labelled by tenant and name.

describe('/metrics: connector gauges', { timeout: 90_000 }, () => {
  let source: SyncHarness;
  let ops: OpsServer;
  beforeAll(async () => {
    // An hour between quarantine probes: the test, not the probe, resumes the connector.
    source = await startSyncHarness({ env: { ROSTER_SYNC_QUARANTINE_BASE_MS: '3600000' } });
    ops = await startOpsServer(source);
  }, 60_000);
  afterAll(async () => {
    await ops?.close();
    await source?.close();
  }, 60_000);

  async function connectorOn(down: ScimDouble, name: string) {
    const t = await source.tenant();
    const doc = await t.addConnector({
      name,
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
    });
    await eventually('the initial full sync', async () => (await t.connector(doc._id)).lastFullSync?.finishedAt);
    return { t, doc, labels: { tenant: t.tenant, connector: name } };
  }

  /** Scrapes until the gauge reads `expected`; answers the exposition that did. */
  const gaugeReads = (name: string, labels: Record<string, string>, expected: (v: number | undefined) => boolean) =>
    eventually(`${name} ${JSON.stringify(labels)}`, async () => {
      const text = await ops.scrape();
      return expected(sample(text, name, labels)) ? text : undefined;
    });

  it('dead letters rise when the target refuses a job, and fall when the replay goes through', async () => {
    const down = await startScimDouble();
    try {
      const { t, doc, labels } = await connectorOn(down, 'dead-letters');
      const before = await ops.scrape();
      expect(sample(before, 'roster_connector_dead_letters', labels)).toBe(0);
      expect(sample(before, 'roster_connector_quarantined', labels)).toBe(0);
      down.failAll({ status: 422, body: { detail: 'refused' } });
      await t.scim('POST', '/Users', scimUser('gil@acme.example'));
      const text = await gaugeReads('roster_connector_dead_letters', labels, (v) => v === 1);
      const { code, output } = await promtool(['check', 'metrics'], text);
      expect(output.split('\n').filter((l) => l.startsWith('roster_connector'))).toEqual([]);
      expect([0, 3]).toContain(code);
      down.failAll(undefined);
      expect(await replayFailed(source.runtime.queues.sync, { tenantId: t.tenant, connectorId: doc._id })).toBe(1);
      await eventually('gil downstream', () => down.creates.get('gil@acme.example') === 1);
      await gaugeReads('roster_connector_dead_letters', labels, (v) => v === 0);
    } finally {
      await down.close();
    }
  });

  it('quarantined reads 1 after a 401 and 0 once the connector is resumed', async () => {
    const down = await startScimDouble();
    try {
      const { t, doc, labels } = await connectorOn(down, 'quarantine');
      down.failAll({ status: 401, body: { detail: 'token revoked' } });
      await t.scim('POST', '/Users', scimUser('hal@acme.example'));
      await gaugeReads('roster_connector_quarantined', labels, (v) => v === 1);
      down.failAll(undefined);
      await resumeConnector(source.runtime.domain, t.tenant, doc._id, ACTOR);
      await gaugeReads('roster_connector_quarantined', labels, (v) => v === 0);
    } finally {
      await down.close();
    }
  });

  it('lag grows while a job waits out the target’s Retry-After, and goes back to 0 once it is applied', async () => {
    const down = await startScimDouble();
    try {
      const { t, labels } = await connectorOn(down, 'lagging');
      down.failNext({ status: 429, headers: { 'retry-after': '3' }, body: { detail: 'slow down' } });
      await t.scim('POST', '/Users', scimUser('ivy@acme.example'));
      await gaugeReads('roster_connector_lag_seconds', labels, (v) => (v ?? 0) >= 1);
      await eventually('ivy downstream', () => down.creates.get('ivy@acme.example') === 1);
      await gaugeReads('roster_connector_lag_seconds', labels, (v) => v === 0);
    } finally {
      await down.close();
    }
  });
});
