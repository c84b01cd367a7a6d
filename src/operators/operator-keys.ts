import type { Actor } from '../audit/index.js';
import {
  createCredential,
  listCredentials,
  revokeCredential,
  verifyCredential,
  type CredentialDoc,
} from '../credentials/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';

// Operators run the platform, not a tenant: their keys open the ops console (src/ops/). They are
// credentials like every other (hashed, shown once, expiring, revocable: src/credentials/), kept
// under one reserved tenant id that no customer tenant can take (slugs cannot start with "_").

export const PLATFORM_TENANT = '_platform';

export const OPERATOR_ROLES = ['ops:read', 'ops:write'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface OperatorKeyDoc extends CredentialDoc {
  roles: OperatorRole[];
}

/** ops:write includes ops:read: an operator who may act may also look. */
export function operatorRolesFrom(role: string): OperatorRole[] {
  if (role === 'ops:read') return ['ops:read'];
  if (role === 'ops:write') return ['ops:read', 'ops:write'];
  throw new RosterError('invalid_input', `--role must be ops:read or ops:write, not ${JSON.stringify(role)}`);
}

export function createOperatorKey(
  deps: DomainDeps,
  input: { name?: string; role: string; expiresAt?: string; actor: Actor },
): Promise<{ credential: OperatorKeyDoc; secret: string }> {
  return createCredential<OperatorKeyDoc>(deps, {
    tenantId: PLATFORM_TENANT,
    kind: 'operator',
    name: input.name ?? 'operator key',
    expiresAt: input.expiresAt,
    actor: input.actor,
    extra: { roles: operatorRolesFrom(input.role) },
  });
}

export function listOperatorKeys(deps: DomainDeps): Promise<OperatorKeyDoc[]> {
  return listCredentials(deps, PLATFORM_TENANT, 'operator') as Promise<OperatorKeyDoc[]>;
}

export function revokeOperatorKey(deps: DomainDeps, id: string, actor: Actor): Promise<CredentialDoc> {
  return revokeCredential(deps, { tenantId: PLATFORM_TENANT, kind: 'operator', id, actor });
}

/** The operator a presented key belongs to; throws secret_invalid / _revoked / _expired. */
export function verifyOperatorKey(deps: DomainDeps, secret: string): Promise<OperatorKeyDoc> {
  return verifyCredential<OperatorKeyDoc>(deps, { kind: 'operator', secret, tenantId: PLATFORM_TENANT });
}

/** The key a session was opened with, if it is still neither revoked nor expired. */
export async function activeOperatorKey(deps: DomainDeps, id: string): Promise<OperatorKeyDoc | null> {
  const key = await deps.store
    .collection<OperatorKeyDoc>('operatorKeys')
    .findOne({ _id: id, tenantId: PLATFORM_TENANT, kind: 'operator' });
  const now = (deps.now ? deps.now() : new Date()).getTime();
  if (!key || key.revokedAt || (key.expiresAt && Date.parse(key.expiresAt) <= now)) return null;
  return key;
}
