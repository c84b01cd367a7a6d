import { Gauge, type Registry } from 'prom-client';

// Per-connector sync figures on /metrics. The names are fixed here (docs/prometheus-rules.yml
// alerts on them); the downstream sync sets their values through the returned gauges.

export interface ConnectorMetrics {
  quarantined: Gauge<'tenant' | 'connector'>;
  deadLetters: Gauge<'tenant' | 'connector'>;
  lagSeconds: Gauge<'tenant' | 'connector'>;
}

export function registerConnectorMetrics(registry: Registry): ConnectorMetrics {
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: ['tenant', 'connector'] as const, registers: [registry] });
  return {
    quarantined: gauge('roster_connector_quarantined', '1 while a connector is quarantined (its sync is held), else 0'),
    deadLetters: gauge('roster_connector_dead_letters', 'Sync jobs of a connector that failed for good'),
    lagSeconds: gauge('roster_connector_lag_seconds', 'Seconds since the oldest change a connector has not applied'),
  };
}
