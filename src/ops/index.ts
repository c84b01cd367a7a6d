export { createHealthRouter } from './health.js';
export { createMetrics } from './metrics.js';
