import type { Actor } from '../audit/index.js';
import { PLAN_DEFAULTS, PLANS } from '../../config/plans.js';
import { DEFAULT_PRESET, isPresetName, PRESET_NAMES } from '../../config/roles/index.js';
import { applyPreset } from '../access/index.js';
import { RosterError } from '../errors/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import type { Plan, TenantDoc, TenantSettings } from './types.js';

/** A slug is a DNS label: it appears in every tenant URL (/scim/v2/{tenant}, /saml/{tenant}/acs). */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function assertSlug(slug: string): void {
  if (!SLUG.test(slug)) {
    throw new RosterError(
      'invalid_input',
      `tenant id "${slug}" must be 1-63 lowercase letters, digits or dashes, not starting or ending with a dash`,
    );
  }
}

export function assertPlan(plan: string): asserts plan is Plan {
  if (!PLANS.includes(plan as Plan)) {
    throw new RosterError('invalid_input', `plan "${plan}" must be one of ${PLANS.join(', ')}`);
  }
}

export interface CreateTenantInput {
  id: string;
  name?: string;
  plan?: string;
  settings?: Partial<TenantSettings>;
  /** The roles, group mapping and ACLs it starts from; defaults to DEFAULT_PRESET. */
  preset?: string;
  actor: Actor;
}

export async function createTenant(deps: DomainDeps, input: CreateTenantInput): Promise<TenantDoc> {
  assertSlug(input.id);
  const plan = input.plan ?? 'free';
  assertPlan(plan);
  const preset = input.preset ?? DEFAULT_PRESET;
  if (!isPresetName(preset))
    throw new RosterError('invalid_input', `preset "${preset}" must be one of ${PRESET_NAMES.join(', ')}`);
  const time = nowIso(deps);
  const tenant: TenantDoc = {
    _id: input.id,
    name: input.name ?? input.id,
    plan,
    settings: { ...PLAN_DEFAULTS[plan], ...input.settings },
    createdAt: time,
    updatedAt: time,
  };
  try {
    await deps.store.withTransaction(async (tx) => {
      await tx.collection<TenantDoc>('tenants').insertOne(tenant);
      await deps.recorder.record(tx, tenant._id, {
        events: [{ type: 'tenant.created', subject: tenant._id, payload: { plan, name: tenant.name } }],
        audit: [
          {
            action: 'tenant.created',
            actor: input.actor,
            target: { type: 'tenant', id: tenant._id },
            outcome: 'success',
          },
        ],
      });
    });
  } catch (err) {
    if (err instanceof RosterError && err.code === 'store_unique_violation') {
      throw new RosterError('tenant_exists', `tenant "${input.id}" already exists`, { cause: err });
    }
    throw err;
  }
  // Its own transaction: a tenant whose preset failed can be given one later (POST /v1/roles/preset).
  await applyPreset(deps, tenant._id, preset, input.actor);
  return tenant;
}

export async function getTenant(deps: DomainDeps, id: string): Promise<TenantDoc> {
  const tenant = await deps.store.collection<TenantDoc>('tenants').findOne({ _id: id });
  if (!tenant) throw new RosterError('tenant_not_found', `tenant "${id}" does not exist`);
  return tenant;
}

/** Whether the tenant exists, without reading more than its id. */
export async function tenantExists(deps: Pick<DomainDeps, 'store'>, id: string): Promise<boolean> {
  return (await deps.store.collection<TenantDoc>('tenants').findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
}

export async function listTenants(deps: DomainDeps): Promise<TenantDoc[]> {
  return deps.store.collection<TenantDoc>('tenants').find({}, { sort: { _id: 1 } });
}

/** Settings as design 000 defines them; every problem is reported at once. */
export function assertSettings(settings: Partial<TenantSettings>): void {
  const problems: string[] = [];
  const { allowedModels, maxRequestsPerDay, requireApproval } = settings;
  if (
    allowedModels !== undefined &&
    (!Array.isArray(allowedModels) ||
      allowedModels.length > 100 ||
      allowedModels.some((m) => typeof m !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/.test(m)))
  )
    problems.push('allowedModels must be a list of up to 100 model names');
  if (maxRequestsPerDay !== undefined && !(Number.isInteger(maxRequestsPerDay) && maxRequestsPerDay >= 0))
    problems.push('maxRequestsPerDay must be a whole number, 0 or more');
  if (requireApproval !== undefined && typeof requireApproval !== 'boolean')
    problems.push('requireApproval must be true or false');
  if (problems.length) throw new RosterError('invalid_input', problems.join('; '), { details: { problems } });
}

/** Changing the plan resets the settings to the new plan's defaults, then applies explicit overrides. */
export async function updateTenant(
  deps: DomainDeps,
  id: string,
  change: { name?: string; plan?: string; settings?: Partial<TenantSettings>; actor: Actor },
): Promise<TenantDoc> {
  const current = await getTenant(deps, id);
  if (change.plan !== undefined) assertPlan(change.plan);
  if (change.settings) assertSettings(change.settings);
  if (change.name !== undefined && (!change.name.trim() || change.name.length > 200))
    throw new RosterError('invalid_input', 'a tenant name is 1-200 characters');
  const plan = (change.plan ?? current.plan) as Plan;
  const base = change.plan !== undefined ? PLAN_DEFAULTS[plan] : current.settings;
  const set = {
    name: change.name ?? current.name,
    plan,
    settings: { ...base, ...change.settings },
    updatedAt: nowIso(deps),
  };
  return deps.store.withTransaction(async (tx) => {
    const updated = await tx.collection<TenantDoc>('tenants').findOneAndUpdate({ _id: id }, { $set: set });
    if (!updated) throw new RosterError('tenant_not_found', `tenant "${id}" does not exist`);
    await deps.recorder.record(tx, id, {
      events: [{ type: 'tenant.updated', subject: id, payload: { plan, settings: set.settings } }],
      audit: [
        {
          action: 'tenant.updated',
          actor: change.actor,
          target: { type: 'tenant', id },
          outcome: 'success',
          details: {
            before: { name: current.name, plan: current.plan, settings: current.settings },
            after: { name: set.name, plan, settings: set.settings },
          },
        },
      ],
    });
    return updated;
  });
}
