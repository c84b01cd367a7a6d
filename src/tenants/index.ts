// Tenants: one per customer organization, with its plan and settings.
export type { Plan, TenantDoc, TenantSettings } from './types.js';
export {
  createTenant,
  getTenant,
  tenantExists,
  listTenants,
  updateTenant,
  assertSlug,
  assertPlan,
  type CreateTenantInput,
} from './tenants.js';
