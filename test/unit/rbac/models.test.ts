import { describe, expect, it } from 'vitest';
import { MODEL_TIERS } from '../../../config/models.js';
import { PLAN_DEFAULTS } from '../../../config/plans.js';
import { ROLE_PRESETS } from '../../../config/roles/index.js';
import {
  checkerOf,
  checkModel,
  tierOf,
  compileRoles,
  compileScope,
  compileSubject,
  scopedCheckerOf,
  usableModels,
} from '../../../src/rbac/index.js';

// Design 000 Step 4: model access = tenant (plan) allow-list AND role tier.
describe('design 000: model access control', () => {
  const catalog = compileRoles(ROLE_PRESETS['api-platform'].roles);
  const as = (role: string) => checkerOf(compileSubject(catalog, { roles: [role] }));

  it.each([
    [
      'developer',
      'pro',
      'mistral-large-latest',
      true,
      'granted by role developer via models:use:large; tenant allows mistral-large-latest',
    ],
    ['analyst', 'pro', 'mistral-large-latest', false, 'denied: no grant'], // role tier
    [
      'analyst',
      'pro',
      'mistral-small-latest',
      true,
      'granted by role analyst via models:use:small; tenant allows mistral-small-latest',
    ],
    ['developer', 'free', 'mistral-large-latest', false, 'denied: model not in tenant allow-list'], // plan
    [
      'developer',
      'enterprise',
      'mistral-embed',
      true,
      'granted by role developer via models:use:small; tenant allows mistral-embed',
    ],
    ['viewer', 'enterprise', 'mistral-small-latest', false, 'denied: no grant'],
    // Not in the table: design 000's name rule gives it a tier, and the plan's allow-list decides.
    ['admin', 'enterprise', 'gpt-unknown', false, 'denied: model not in tenant allow-list'],
  ])('%s on the %s plan using %s: %s', (role, plan, model, allow, reason) => {
    const decision = checkModel(as(role), {
      model,
      tiers: MODEL_TIERS,
      tenantAllowedModels: PLAN_DEFAULTS[plan as 'pro'].allowedModels,
    });
    expect(decision).toEqual({ allow, reason });
  });

  it.each([
    ['analyst', 'acme-large-2', false, 'denied: no grant'],
    ['developer', 'acme-large-2', true, 'granted by role developer via models:use:large; tenant allows acme-large-2'],
    ['analyst', 'acme-mini', true, 'granted by role analyst via models:use:small; tenant allows acme-mini'],
  ])(
    'falls back to seed 000 tier rule for %s using %s (a model the tier table does not know)',
    (role, model, allow, reason) => {
      const decision = checkModel(as(role), {
        model,
        tiers: MODEL_TIERS,
        tenantAllowedModels: ['acme-large-2', 'acme-mini'],
      });
      expect(decision).toEqual({ allow, reason });
      expect(tierOf(model, MODEL_TIERS)).toBe(model.includes('large') ? 'large' : 'small');
    },
  );

  it('refuses a request that names no model, saying so', () => {
    const decision = checkModel(as('admin'), { model: '', tiers: MODEL_TIERS, tenantAllowedModels: [''] });
    expect(decision).toEqual({ allow: false, reason: 'denied: no model named' });
  });

  it('narrows further through a scoped key (its own model list and scope)', () => {
    const input = { tiers: MODEL_TIERS, tenantAllowedModels: PLAN_DEFAULTS.enterprise.allowedModels };
    const keyAllowedModels = ['mistral-small-latest', 'mistral-large-latest'];
    const viaKey = scopedCheckerOf(
      compileSubject(catalog, { roles: ['developer'] }),
      compileScope(['models:use:small']),
    );
    expect(checkModel(viaKey, { ...input, model: 'mistral-embed', keyAllowedModels }).reason).toBe(
      'denied: model not in key allow-list',
    );
    expect(checkModel(viaKey, { ...input, model: 'mistral-large-latest', keyAllowedModels }).reason).toBe(
      'denied: outside key scope',
    );
    expect(usableModels(viaKey, { ...input, keyAllowedModels })).toEqual(['mistral-small-latest']);
  });
});
