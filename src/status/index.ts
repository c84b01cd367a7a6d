// The platform's state per tenant, for the ops console and `roster status`.
export {
  platformStatus,
  tenantStatus,
  type TargetStatus,
  type TargetStatusSource,
  type TenantStatus,
} from './tenant-status.js';
