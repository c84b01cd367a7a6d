import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addStream } from '../../../src/siem-streams/index.js';
import { LAG_POINTS, readLagSeries, recordLagPoint } from '../../../src/status/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { addConnector } from '../../../src/connectors/index.js';
import { connectorLag, sampleLag, startLagSampler } from '../../../workers/index.js';
import { connectorCatalogue } from '../../../workers/sync/index.js';
import { createIsolatedRuntime, type IsolatedRuntime } from '../../helpers/isolated-runtime.js';

// The workers' lag sampler (workers/lag-sampler.ts) that feeds the ops console's 24 h chart:
// one point per tenant per interval, sync lag from the tenant's oldest waiting job, SIEM lag
// from its most lagging stream, the series trimmed to a day of points.

const CLI = { type: 'cli' as const, id: 'test' };

describe('lag sampler', () => {
  let runtime: IsolatedRuntime;
  beforeEach(async () => {
    runtime = await createIsolatedRuntime('lag-sampler');
    await createTenant(runtime.domain, { id: 'acme', actor: CLI });
    await createTenant(runtime.domain, { id: 'globex', actor: CLI });
  });
  afterEach(() => runtime.close());

  it('records the age of each tenant’s oldest waiting job and its SIEM streams’ lag', async () => {
    await runtime.queues.events.add('user.created', {
      eventId: 'evt_1',
      tenantId: 'acme',
      type: 'user.created',
      subject: 'usr_1',
      payload: {},
      createdAt: new Date().toISOString(),
      seq: 1,
    });
    const deps = { ...runtime.domain, kinds: runtime.siemKinds, secretBox: runtime.secretBox };
    await addStream(deps, {
      tenantId: 'globex',
      actor: CLI,
      name: 'splunk',
      kind: 'splunk_hec',
      config: { url: 'http://127.0.0.1:9', token: '9f1c2b7e-0000-4000-8000-000000000001', format: 'raw' },
    });
    // A record the stream has not shipped, then a sample taken two minutes later.
    await runtime.store.withTransaction((tx) =>
      runtime.recorder.record(tx, 'globex', {
        audit: [{ action: 'user.created', actor: CLI, target: { type: 'user', id: 'usr_2' }, outcome: 'success' }],
      }),
    );
    const later = Date.now() + 120_000;
    expect(await sampleLag(runtime, { intervalMs: 60_000, now: () => later })).toBe(2);
    const [acme] = await readLagSeries(runtime.redis, 'acme', later);
    const [globex] = await readLagSeries(runtime.redis, 'globex', later);
    expect(acme.sync).toBeGreaterThanOrEqual(119);
    expect(acme.siem).toBe(0);
    expect(globex.sync).toBe(0);
    expect(globex.siem).toBeGreaterThanOrEqual(119);
  });

  it('counts a connector’s job held back by a retry or a Retry-After in its tenant’s sync lag', async () => {
    const connector = await addConnector(
      { ...runtime.domain, box: await runtime.secretBox(), catalogue: connectorCatalogue },
      {
        tenantId: 'acme',
        name: 'slack',
        kind: 'scim',
        config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'bearer', token: 'tok' } },
        actor: CLI,
      },
    );
    // Delayed, not waiting: the queues' oldest waiting job does not see it, the connector's lag does.
    const job = { tenantId: 'acme', connectorId: connector._id, kind: 'user' as const, objectId: 'usr_1' };
    await runtime.queues.sync.add('user', { ...job, mode: 'live' }, { delay: 600_000 });
    const later = Date.now() + 120_000;
    await sampleLag(runtime, { intervalMs: 60_000, now: () => later });
    await sampleLag(runtime, { intervalMs: 60_000, now: () => later + 1, connectorLag: connectorLag(runtime) });
    const [without, withConnectors] = await readLagSeries(runtime.redis, 'acme', later + 1);
    expect(without.sync).toBe(0);
    expect(withConnectors.sync).toBeGreaterThanOrEqual(119);
    const globex = await readLagSeries(runtime.redis, 'globex', later + 1);
    expect(globex.map((p) => p.sync)).toEqual([0, 0]);
  });

  it('samples on its interval, once per interval across processes', async () => {
    const first = startLagSampler(runtime, { intervalMs: 40 });
    const second = startLagSampler(runtime, { intervalMs: 40 });
    try {
      let points = await readLagSeries(runtime.redis, 'acme');
      while (points.length < 3) points = await readLagSeries(runtime.redis, 'acme');
      const slots = points.map((p) => Math.floor(p.t / 40));
      expect(new Set(slots).size).toBe(slots.length);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('keeps at most a day of points', async () => {
    const now = Date.now();
    for (let i = 0; i < LAG_POINTS + 5; i++)
      await recordLagPoint(runtime.redis, 'acme', { t: now - (LAG_POINTS + 5 - i) * 1000, sync: i, siem: 0 });
    const points = await readLagSeries(runtime.redis, 'acme', now);
    expect(points).toHaveLength(LAG_POINTS);
    expect(points[0].sync).toBe(5);
  });
});
