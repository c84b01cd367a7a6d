import { Gauge, type Registry } from 'prom-client';
import { siemStreamMetrics } from '../siem-streams/index.js';
import type { Store } from '../store/index.js';

// Per-stream SIEM figures on /metrics, read from the store at scrape time: the streams are shipped
// by `roster worker` (another process), and their counters and cursors are durable, so the API
// process reports the same numbers whichever process ships. The registry collects its families
// concurrently, so the three gauges share one read per scrape (as src/ops/queue-metrics.ts does):
// each awaits that read before answering, so none reports the previous scrape's figures.

const LABELS = ['tenant', 'stream', 'kind', 'state'] as const;

type StreamFigures = Awaited<ReturnType<typeof siemStreamMetrics>>[number];

export function registerSiemMetrics(registry: Registry, store: Store): void {
  let reading: Promise<StreamFigures[]> | undefined;
  const read = () =>
    (reading ??= siemStreamMetrics(store).finally(() => {
      reading = undefined;
    }));
  const gauge = (name: string, help: string, value: (m: StreamFigures) => number) =>
    new Gauge({
      name,
      help,
      labelNames: LABELS,
      registers: [registry],
      async collect() {
        const figures = await read();
        this.reset();
        for (const m of figures)
          this.set({ tenant: m.tenantId, stream: m.name, kind: m.kind, state: m.state }, value(m));
      },
    });
  gauge(
    'roster_siem_stream_shipped_events',
    'Audit records a SIEM stream delivered since it was created (monotonic per stream)',
    (m) => m.shipped,
  );
  gauge(
    'roster_siem_stream_failed_events',
    'Audit records a SIEM refused permanently and the stream skipped (monotonic per stream)',
    (m) => m.failed,
  );
  gauge(
    'roster_siem_stream_lag_seconds',
    'Seconds since the oldest audit record a SIEM stream has not delivered committed (0: caught up)',
    (m) => m.lagSeconds,
  );
}
