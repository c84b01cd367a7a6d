// The platform's state per tenant, for the ops console and `roster status`.
export {
  platformStatus,
  tenantStatus,
  type TargetStatus,
  type TargetStatusSource,
  type TenantStatus,
} from './tenant-status.js';
export { siemStreamTargets } from './siem-stream-targets.js';
export { LAG_POINTS, LAG_WINDOW_MS, readLagSeries, recordLagPoint, type LagPoint } from './lag-series.js';
export {
  connectorTargets,
  lagSecondsOf,
  type ConnectorQueueFigures,
  type ConnectorSync,
  type SyncQueueReader,
} from './connector-targets.js';
