import type { Plan, TenantSettings } from '../src/tenants/index.js';

/** Organization plan defaults (design 000, "getDefaultSettings"). */
export const PLAN_DEFAULTS: Readonly<Record<Plan, TenantSettings>> = Object.freeze({
  free: { allowedModels: ['mistral-small-latest'], maxRequestsPerDay: 100, requireApproval: false },
  pro: {
    allowedModels: ['mistral-small-latest', 'mistral-large-latest'],
    maxRequestsPerDay: 10_000,
    requireApproval: false,
  },
  enterprise: {
    allowedModels: ['mistral-small-latest', 'mistral-large-latest', 'mistral-embed'],
    maxRequestsPerDay: 1_000_000,
    requireApproval: true,
  },
});

export const PLANS = Object.keys(PLAN_DEFAULTS) as Plan[];
