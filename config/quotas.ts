import type { Plan } from '../src/tenants/index.js';

// Usage defaults (design 000 Steps 5 and 6). Request caps per day come from the plan
// (config/plans.ts maxRequestsPerDay); token caps are not in the seed's plan settings, so they
// live here, overridable per tenant through PUT /v1/quotas.
export const TOKENS_PER_DAY_BY_PLAN: Readonly<Record<Plan, number>> = Object.freeze({
  free: 100_000,
  pro: 1_000_000,
  enterprise: 100_000_000,
});

/** Design 000 createScopedKey defaults. */
export const SCOPED_KEY_DEFAULTS = Object.freeze({
  allowedModels: Object.freeze(['mistral-small-latest']),
  requestsPerMinute: 60,
  tokensPerDay: 100_000,
});
