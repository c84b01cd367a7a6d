import { Gauge, type Registry } from 'prom-client';
import { siemStreamMetrics } from '../siem-streams/index.js';
import type { Store } from '../store/index.js';

// Per-stream SIEM figures on /metrics, read from the store at scrape time: the streams are shipped
// by `roster worker` (another process), and their counters and cursors are durable, so the API
// process reports the same numbers whichever process ships.

const LABELS = ['tenant', 'stream', 'kind', 'state'] as const;

type StreamMetric = Awaited<ReturnType<typeof siemStreamMetrics>>[number];

export function registerSiemMetrics(registry: Registry, store: Store): void {
  // The registry collects its families concurrently (prom-client Registry.metrics): the three
  // share one read per scrape, each setting its own values once the read is in.
  let reading: ReturnType<typeof siemStreamMetrics> | undefined;
  const read = () =>
    (reading ??= siemStreamMetrics(store).finally(() => {
      reading = undefined;
    }));
  const family = (name: string, help: string, pick: (m: StreamMetric) => number) =>
    new Gauge({
      name,
      help,
      labelNames: LABELS,
      registers: [registry],
      async collect() {
        const streams = await read();
        this.reset();
        for (const m of streams)
          this.set({ tenant: m.tenantId, stream: m.name, kind: m.kind, state: m.state }, pick(m));
      },
    });
  family(
    'roster_siem_stream_shipped_events',
    'Audit records a SIEM stream delivered since it was created (monotonic per stream)',
    (m) => m.shipped,
  );
  family(
    'roster_siem_stream_failed_events',
    'Audit records a SIEM refused permanently and the stream skipped (monotonic per stream)',
    (m) => m.failed,
  );
  family(
    'roster_siem_stream_lag_seconds',
    'Seconds since the oldest audit record a SIEM stream has not delivered committed (0: caught up)',
    (m) => m.lagSeconds,
  );
}
