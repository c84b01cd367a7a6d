import { MODEL_TIERS } from '../../config/models.js';
import { SCOPED_KEY_DEFAULTS } from '../../config/quotas.js';
import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import {
  assertPermissions,
  check,
  checkerOf,
  checkModel,
  subjectFromStored,
  type CompiledSubject,
} from '../rbac/index.js';
import type { KeyLimits, ScopedKeyDoc } from './access-docs.js';
import { createCredential, listCredentials, revokeCredential } from '../credentials/index.js';
import { bumpCacheVersion, nowIso, type DomainDeps } from '../domain/index.js';
import type { UserDoc } from '../people/index.js';
import type { TenantDoc } from '../tenants/index.js';

// Design 000 scoped API keys: a user's key whose permissions never exceed the user's. Checked here,
// at creation, and again at every use (src/authz), so a demoted user's keys shrink with them.

export interface CreateScopedKeyInput {
  tenantId: string;
  userId: string;
  name?: string;
  permissions: string[];
  allowedModels?: string[];
  limits?: Partial<KeyLimits>;
  expiresAt?: string;
  actor: Actor;
}

function assertWithinUser(subject: CompiledSubject, permissions: string[]): void {
  const beyond = permissions.filter((p) => !check(subject, p).allow);
  if (beyond.length) {
    throw new RosterError(
      'scope_exceeds_user',
      `cannot grant ${beyond.join(', ')}: beyond the user's own permissions`,
      { details: { permissions: beyond } },
    );
  }
}

function modelsWithinUser(subject: CompiledSubject, tenant: TenantDoc, requested: string[] | undefined): string[] {
  const usable = (m: string) =>
    checkModel(checkerOf(subject), { model: m, tiers: MODEL_TIERS, tenantAllowedModels: tenant.settings.allowedModels })
      .allow;
  if (requested === undefined) return SCOPED_KEY_DEFAULTS.allowedModels.filter(usable);
  const beyond = requested.filter((m) => !usable(m));
  if (beyond.length) {
    throw new RosterError(
      'scope_exceeds_user',
      `cannot allow model(s) ${beyond.join(', ')}: the tenant or the user's role tier does not`,
      { details: { models: beyond } },
    );
  }
  return [...new Set(requested)];
}

function limitsOf(input: Partial<KeyLimits> = {}): KeyLimits {
  const limits: KeyLimits = {
    requestsPerMinute: input.requestsPerMinute ?? SCOPED_KEY_DEFAULTS.requestsPerMinute,
    tokensPerDay: input.tokensPerDay ?? SCOPED_KEY_DEFAULTS.tokensPerDay,
    ...(input.requestsPerDay === undefined ? {} : { requestsPerDay: input.requestsPerDay }),
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RosterError('invalid_input', `limits.${name} must be a whole number of at least 0`);
  }
  return limits;
}

/** Issues a key; the secret (rst_sk_…) is returned once and only its SHA-256 is stored. */
export async function createScopedKey(
  deps: DomainDeps,
  input: CreateScopedKeyInput,
): Promise<{ key: ScopedKeyDoc; secret: string }> {
  const permissions = [...new Set(assertPermissions(input.permissions, 'permissions'))];
  if (permissions.length === 0) throw new RosterError('invalid_input', 'a scoped key needs at least one permission');
  const tenant = await deps.store.collection<TenantDoc>('tenants').findOne({ _id: input.tenantId });
  if (!tenant) throw new RosterError('tenant_not_found', `tenant "${input.tenantId}" does not exist`);
  const user = await deps.store.collection<UserDoc>('users').findOne({ _id: input.userId, tenantId: input.tenantId });
  if (!user) throw new RosterError('not_found', `user ${input.userId} does not exist in tenant ${input.tenantId}`);
  if (user.active === false) throw new RosterError('forbidden', `user ${input.userId} is not active`);
  const subject = subjectFromStored(user);
  assertWithinUser(subject, permissions);
  const extra = {
    userId: user._id,
    permissions,
    allowedModels: modelsWithinUser(subject, tenant, input.allowedModels),
    limits: limitsOf(input.limits),
    ...(tenant.settings.requireApproval ? { approval: { state: 'pending' as const } } : {}),
  };
  const { credential, secret } = await createCredential<ScopedKeyDoc>(deps, {
    tenantId: input.tenantId,
    kind: 'scoped',
    name: input.name,
    expiresAt: input.expiresAt,
    actor: input.actor,
    extra,
  });
  return { key: credential, secret };
}

/** Four eyes (design 000 requireApproval): the approver must not be who created the key. */
export async function approveScopedKey(
  deps: DomainDeps,
  input: { tenantId: string; id: string; actor: Actor },
): Promise<ScopedKeyDoc> {
  return deps.store.withTransaction(async (tx) => {
    const keys = tx.collection<ScopedKeyDoc>('apiKeys');
    const key = await keys.findOne({
      _id: input.id,
      tenantId: input.tenantId,
      kind: 'scoped',
      revokedAt: { $exists: false },
    });
    if (!key) throw new RosterError('not_found', `no active scoped key ${input.id} in tenant ${input.tenantId}`);
    if (key.approval?.state !== 'pending')
      throw new RosterError('conflict', `key ${input.id} is not waiting for approval`);
    if (key.createdBy.type === input.actor.type && key.createdBy.id === input.actor.id)
      throw new RosterError('conflict', 'a key must be approved by someone other than its creator');
    const approval = { state: 'approved' as const, by: input.actor, at: nowIso(deps) };
    await keys.updateOne({ _id: key._id, tenantId: input.tenantId }, { $set: { approval } });
    await bumpCacheVersion(tx, input.tenantId, 'credentials');
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: 'api_key.approved', subject: key._id, payload: { userId: key.userId } }],
      audit: [
        { action: 'api_key.approved', actor: input.actor, target: { type: 'scoped', id: key._id }, outcome: 'success' },
      ],
    });
    return { ...key, approval };
  });
}

/** One scoped key of the tenant; not_found names it when there is none. */
export async function getScopedKey(
  deps: Pick<DomainDeps, 'store'>,
  tenantId: string,
  keyId: string,
): Promise<ScopedKeyDoc> {
  const key = await deps.store.collection<ScopedKeyDoc>('apiKeys').findOne({ _id: keyId, tenantId, kind: 'scoped' });
  if (!key) throw new RosterError('not_found', `no scoped key ${keyId} in tenant ${tenantId}`);
  return key;
}

export async function listScopedKeys(deps: DomainDeps, tenantId: string): Promise<ScopedKeyDoc[]> {
  return (await listCredentials(deps, tenantId, 'scoped')) as ScopedKeyDoc[];
}

export async function revokeScopedKey(
  deps: DomainDeps,
  input: { tenantId: string; id: string; actor: Actor },
): Promise<void> {
  await revokeCredential(deps, { ...input, kind: 'scoped' });
}
