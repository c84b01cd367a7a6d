// Tenants: one per customer organization, with its plan and settings.
export type { Plan, TenantDoc, TenantSettings } from './types.js';
export {
  createTenant,
  getTenant,
  tenantExists,
  listTenants,
  updateTenant,
  assertSettings,
  assertSlug,
  assertPlan,
  type CreateTenantInput,
} from './tenants.js';
export {
  IP_SURFACES,
  normalizeAllowLists,
  normalizeCidr,
  setIpAllowLists,
  type IpAllowLists,
  type IpSurface,
} from './ip-allow-lists.js';
export { createIpGate, type IpGate, type IpRequest } from './ip-gate.js';
