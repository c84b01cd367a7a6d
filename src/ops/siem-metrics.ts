import type { Registry } from 'prom-client';
import { siemStreamMetrics } from '../siem-streams/index.js';
import type { Store } from '../store/index.js';
import { scrapedGauges } from './scraped-gauges.js';

// Per-stream SIEM figures on /metrics, read from the store at scrape time: the streams are shipped
// by `roster worker` (another process), and their counters and cursors are durable, so the API
// process reports the same numbers whichever process ships; one read per scrape (scraped-gauges.ts).

const LABELS = ['tenant', 'stream', 'kind', 'state'] as const;

type StreamFigures = Awaited<ReturnType<typeof siemStreamMetrics>>[number];

export function registerSiemMetrics(registry: Registry, store: Store): void {
  const gauge = scrapedGauges(
    registry,
    LABELS,
    () => siemStreamMetrics(store),
    (m: StreamFigures) => ({
      tenant: m.tenantId,
      stream: m.name,
      kind: m.kind,
      state: m.state,
    }),
  );
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
