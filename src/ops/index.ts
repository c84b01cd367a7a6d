export { createHealthRouter } from './health.js';
export { createMetrics, createMetricsApp, type Metrics } from './metrics.js';
