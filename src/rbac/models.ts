import { allow, DENY, type Decision } from './decision.js';
import type { Checker } from './check.js';

// Design 000 Step 4 (requireModelAccess): a model may be used when the tenant's plan allows it AND
// the subject's role tier does (models:use:<tier>); a scoped key narrows both further.
// The checker is the subject's, or a key's (owner AND scope).

export interface ModelAccessInput {
  model: string;
  /** model name → tier, from config/models.ts. */
  tiers: Readonly<Record<string, string>>;
  /** The tenant's plan allow-list (TenantSettings.allowedModels). */
  tenantAllowedModels: readonly string[];
  /** A scoped key's own allow-list, when the request came through one (its scope is in the checker). */
  keyAllowedModels?: readonly string[];
}

export function tierPermission(tier: string): string {
  return `models:use:${tier}`;
}

/**
 * The table's tier, else design 000's own rule (`model.includes('large') ? large : small`): a model
 * the plan allows but config/models.ts does not list is still usable at the tier its name says.
 */
export function tierOf(model: string, tiers: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(tiers, model)) return tiers[model];
  return model.includes('large') ? 'large' : 'small';
}

export function checkModel(check: Checker, input: ModelAccessInput): Decision {
  if (!input.model) return DENY.unknownModel;
  const tier = tierOf(input.model, input.tiers);
  if (!input.tenantAllowedModels.includes(input.model)) return DENY.modelNotInTenantAllowList;
  if (input.keyAllowedModels && !input.keyAllowedModels.includes(input.model)) return DENY.modelNotInKeyAllowList;
  const decision = check(tierPermission(tier));
  return decision.allow ? allow(`${decision.reason}; tenant allows ${input.model}`) : decision;
}

/** The models a subject may use, sorted. */
export function usableModels(check: Checker, input: Omit<ModelAccessInput, 'model'>): string[] {
  return input.tenantAllowedModels.filter((model) => checkModel(check, { ...input, model }).allow).sort();
}
