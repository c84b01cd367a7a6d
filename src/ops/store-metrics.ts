import { Histogram, type Registry } from 'prom-client';
import type { StoreObserver } from '../store/index.js';

// Store operation latency by collection and operation, fed by instrumentStore (src/store/instrument.ts).

export function storeLatencyMetrics(registry: Registry): StoreObserver {
  const latency = new Histogram({
    name: 'roster_store_operation_duration_seconds',
    help: 'Store operation latency by collection and operation',
    labelNames: ['collection', 'operation'],
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return (collection, operation, seconds) => latency.observe({ collection, operation }, seconds);
}
