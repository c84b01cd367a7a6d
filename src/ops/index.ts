export { createHealthRouter } from './health.js';
export { createMetrics } from './metrics.js';
export { registerSiemMetrics } from './siem-metrics.js';
