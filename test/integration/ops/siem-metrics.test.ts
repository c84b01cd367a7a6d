import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStream } from '../../../src/siem-streams/index.js';
import { registerSiemMetrics } from '../../../src/ops/index.js';
import { sample } from '../../helpers/prometheus.js';
import { startDeliveryFixture, type DeliveryFixture } from '../../helpers/siem/delivery-fixture.js';
import { startHecReceiver, type HecReceiver } from '../../helpers/siem/hec-receiver.js';
import { waitFor } from '../../helpers/siem/rsyslog.js';

// The per-stream SIEM gauges as one scrape reads them: each scrape reports the store's figures of
// that moment (src/ops/siem-metrics.ts), for the shipped, failed and lag families alike.

const TOKEN = '9f1c2b7e-0000-4000-8000-0000000000aa';

describe('SIEM stream metrics', () => {
  let f: DeliveryFixture;
  let hec: HecReceiver;
  const registry = new Registry();

  beforeAll(async () => {
    f = await startDeliveryFixture();
    hec = await startHecReceiver({ token: TOKEN });
    registerSiemMetrics(registry, f.runtime.store);
  });
  afterAll(async () => {
    await f?.close();
    await hec?.close();
  });

  it('reports a stream’s shipped count and lag in the very scrape after delivery', async () => {
    const tenantId = await f.tenant('metrics-siem');
    const labels = { tenant: tenantId, stream: 'splunk', kind: 'splunk_hec', state: 'active' };
    const stream = await f.stream(tenantId, {
      name: 'splunk',
      kind: 'splunk_hec',
      config: { url: hec.url, token: TOKEN, format: 'raw' },
    });
    await f.writeAudit(tenantId, 40, 10);
    const delivered = await waitFor(
      async () => {
        const doc = await getStream(f.deps, tenantId, stream._id);
        return doc.counters.shipped >= 41 ? doc : undefined; // 40 records and the stream's own siem_stream.created
      },
      30_000,
      'the records to be delivered',
    );
    const text = await registry.metrics();
    expect(sample(text, 'roster_siem_stream_shipped_events', labels)).toBe(delivered.counters.shipped);
    expect(sample(text, 'roster_siem_stream_failed_events', labels)).toBe(0);
    expect(sample(text, 'roster_siem_stream_lag_seconds', labels)).toBe(0);
  });
});
