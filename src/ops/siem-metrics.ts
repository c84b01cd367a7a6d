import { Gauge, type Registry } from 'prom-client';
import { siemStreamMetrics } from '../siem-streams/index.js';
import type { Store } from '../store/index.js';

// Per-stream SIEM figures on /metrics, read from the store at scrape time: the streams are shipped
// by `roster worker` (another process), and their counters and cursors are durable, so the API
// process reports the same numbers whichever process ships.

const LABELS = ['tenant', 'stream', 'kind', 'state'] as const;

export function registerSiemMetrics(registry: Registry, store: Store): void {
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: LABELS, registers: [] });
  const failed = gauge(
    'roster_siem_stream_failed_events',
    'Audit records a SIEM refused permanently and the stream skipped (monotonic per stream)',
  );
  const lag = gauge(
    'roster_siem_stream_lag_seconds',
    'Seconds since the oldest audit record a SIEM stream has not delivered committed (0: caught up)',
  );
  // Registered first, so its collect() fills the other two before the registry reads them.
  new Gauge({
    name: 'roster_siem_stream_shipped_events',
    help: 'Audit records a SIEM stream delivered since it was created (monotonic per stream)',
    labelNames: LABELS,
    registers: [registry],
    async collect() {
      for (const g of [this, failed, lag]) g.reset();
      for (const m of await siemStreamMetrics(store)) {
        const labels = { tenant: m.tenantId, stream: m.name, kind: m.kind, state: m.state };
        this.set(labels, m.shipped);
        failed.set(labels, m.failed);
        lag.set(labels, m.lagSeconds);
      }
    },
  });
  registry.registerMetric(failed);
  registry.registerMetric(lag);
}
