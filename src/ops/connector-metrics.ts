import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import { listConnectors } from '../connectors/index.js';
import type { SyncJob } from '../queue/index.js';
import { lagSecondsOf } from '../status/index.js';
import type { Store } from '../store/index.js';
import { scrapedGauges } from './scraped-gauges.js';
import { syncQueueFigures } from './sync-queue-figures.js';

// Per-connector sync figures on /metrics, read at scrape time like the SIEM ones
// (src/ops/siem-metrics.ts): states from the store, dead letters and lag from the sync queue, so
// every API process reports the same numbers whichever process runs the workers. The names are
// fixed here (docs/prometheus-rules.yml alerts on them). Labels are the tenant id and the
// connector's name: one series per connector an admin added, and a removed connector's series go
// at the next scrape (each collect starts from reset()).

const LABELS = ['tenant', 'connector'] as const;

interface ConnectorSample {
  labels: { tenant: string; connector: string };
  quarantined: number;
  deadLetters: number;
  lagSeconds: number;
}

export function registerConnectorMetrics(registry: Registry, deps: { store: Store; syncQueue: () => Queue<SyncJob> }) {
  const read = async (): Promise<ConnectorSample[]> => {
    const [docs, figures] = await Promise.all([listConnectors(deps), syncQueueFigures(deps.syncQueue())]);
    const now = Date.now();
    return docs.map((doc) => ({
      labels: { tenant: doc.tenantId, connector: doc.name },
      quarantined: doc.state.status === 'quarantined' ? 1 : 0,
      deadLetters: figures.get(doc._id)?.deadLetters ?? 0,
      lagSeconds: lagSecondsOf(figures.get(doc._id), now),
    }));
  };
  const gauge = scrapedGauges(registry, LABELS, read, (s) => s.labels);
  gauge(
    'roster_connector_quarantined',
    '1 while a connector is quarantined (its sync is held), else 0',
    (s) => s.quarantined,
  );
  gauge('roster_connector_dead_letters', 'Sync jobs of a connector that failed for good', (s) => s.deadLetters);
  gauge(
    'roster_connector_lag_seconds',
    'Seconds since the oldest change a connector has not applied (its oldest pending sync job; 0: caught up)',
    (s) => s.lagSeconds,
  );
}
