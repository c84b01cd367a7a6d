import type { Queue } from 'bullmq';
import { QUEUE_NAMES, type SyncJob } from '../queue/index.js';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Store, StoreObserver } from '../store/index.js';
import { registerConnectorMetrics } from './connector-metrics.js';
import { registerQueueMetrics } from './queue-metrics.js';
import { samlLoginMetrics, type LoginOutcome } from './saml-metrics.js';
import { scimMetrics } from './scim-metrics.js';
import { registerSiemMetrics } from './siem-metrics.js';
import { storeLatencyMetrics } from './store-metrics.js';

// Every Roster-specific metric family, registered into the one registry createMetrics() makes
// (src/ops/metrics.ts). Event-loop delay comes with prom-client's default metrics there
// (roster_nodejs_eventloop_lag_*: perf_hooks.monitorEventLoopDelay).

export interface OpsMetrics {
  scim: RequestHandler;
  observeLogin: (outcome: LoginOutcome) => void;
  observeStore: StoreObserver;
}

export function registerOpsMetrics(registry: Registry, deps: { store: Store; queues: () => Queue[] }): OpsMetrics {
  registerSiemMetrics(registry, deps.store);
  registerQueueMetrics(registry, deps.queues);
  const syncQueue = () => deps.queues().find((q) => q.name === QUEUE_NAMES.sync) as Queue<SyncJob>;
  registerConnectorMetrics(registry, { store: deps.store, syncQueue });
  return {
    scim: scimMetrics(registry),
    observeLogin: samlLoginMetrics(registry),
    observeStore: storeLatencyMetrics(registry),
  };
}
