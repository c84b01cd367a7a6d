export { createHealthRouter } from './health.js';
export { createMetrics } from './metrics.js';
export { createOpsRouter, type OpsDeps } from './ops-router.js';
export type { OpsAction, OpsActions, OpsActionInput } from './ops-actions.js';
export { queueStatus, type QueueStatus } from './queue-status.js';
export { registerSiemMetrics } from './siem-metrics.js';
