import { randomUUID } from 'node:crypto';
import type { Actor, EventName } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import type { BaseDoc } from '../store/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import { digestsEqual, generateSecret, hashSecret, secretHint, type SecretKind } from './secrets.js';

// One implementation for every bearer secret Roster issues: SCIM tokens (scimTokens) and admin
// and scoped API keys (apiKeys). Only the SHA-256 of a secret is stored; the secret is returned
// once, at creation.

export interface CredentialDoc extends BaseDoc {
  tenantId: string;
  kind: SecretKind;
  name: string;
  secretHash: string;
  /** Prefix and last four characters, safe to list. */
  hint: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
  createdBy: Actor;
}

const STORE_OF: Record<SecretKind, 'scimTokens' | 'apiKeys' | 'operatorKeys'> = {
  scim: 'scimTokens',
  admin: 'apiKeys',
  scoped: 'apiKeys',
  operator: 'operatorKeys',
};
const EVENTS_OF: Record<SecretKind, { created: EventName; revoked: EventName; rejected: EventName }> = {
  scim: { created: 'scim_token.created', revoked: 'scim_token.revoked', rejected: 'scim_token.rejected' },
  admin: { created: 'api_key.created', revoked: 'api_key.revoked', rejected: 'api_key.rejected' },
  scoped: { created: 'api_key.created', revoked: 'api_key.revoked', rejected: 'api_key.rejected' },
  operator: {
    created: 'operator_key.created',
    revoked: 'operator_key.revoked',
    rejected: 'operator_key.rejected',
  },
};
/** lastUsedAt is refreshed at most this often, so a busy token does not turn every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreateCredentialInput {
  tenantId: string;
  kind: SecretKind;
  name?: string;
  expiresAt?: string;
  actor: Actor;
  /** Kind-specific fields (a scoped key's user, permissions, limits …). */
  extra?: Record<string, unknown>;
}

export async function createCredential<T extends CredentialDoc>(
  deps: DomainDeps,
  input: CreateCredentialInput,
): Promise<{ credential: T; secret: string }> {
  if (input.expiresAt !== undefined && Number.isNaN(Date.parse(input.expiresAt))) {
    throw new RosterError('invalid_input', 'expiresAt must be an ISO-8601 date-time');
  }
  const secret = generateSecret(input.kind);
  const doc = {
    ...input.extra,
    _id: randomUUID(),
    tenantId: input.tenantId,
    kind: input.kind,
    name: input.name ?? `${input.kind} credential`,
    secretHash: hashSecret(secret),
    hint: secretHint(secret),
    createdAt: nowIso(deps),
    createdBy: input.actor,
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
  } as T;
  await deps.store.withTransaction(async (tx) => {
    await tx.collection<T>(STORE_OF[input.kind]).insertOne(doc);
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: EVENTS_OF[input.kind].created, subject: doc._id, payload: { kind: doc.kind, name: doc.name } }],
      audit: [
        {
          action: EVENTS_OF[input.kind].created,
          actor: input.actor,
          target: { type: input.kind, id: doc._id },
          outcome: 'success',
        },
      ],
    });
  });
  return { credential: doc, secret };
}

export async function revokeCredential(
  deps: DomainDeps,
  input: { tenantId: string; kind: SecretKind; id: string; actor: Actor },
): Promise<CredentialDoc> {
  return deps.store.withTransaction(async (tx) => {
    const revoked = await tx
      .collection<CredentialDoc>(STORE_OF[input.kind])
      .findOneAndUpdate(
        { _id: input.id, tenantId: input.tenantId, kind: input.kind, revokedAt: { $exists: false } },
        { $set: { revokedAt: nowIso(deps) } },
      );
    if (!revoked)
      throw new RosterError('not_found', `no active ${input.kind} credential ${input.id} in tenant ${input.tenantId}`);
    await deps.recorder.record(tx, input.tenantId, {
      events: [{ type: EVENTS_OF[input.kind].revoked, subject: input.id }],
      audit: [
        {
          action: EVENTS_OF[input.kind].revoked,
          actor: input.actor,
          target: { type: input.kind, id: input.id },
          outcome: 'success',
        },
      ],
    });
    return revoked;
  });
}

export async function listCredentials(deps: DomainDeps, tenantId: string, kind: SecretKind): Promise<CredentialDoc[]> {
  return deps.store
    .collection<CredentialDoc>(STORE_OF[kind])
    .find({ tenantId, kind }, { sort: { createdAt: 1 }, projection: { secretHash: 0 } });
}

/**
 * Finds the credential a presented secret belongs to. Throws `secret_invalid`, `secret_revoked` or
 * `secret_expired`; the caller turns each into its protocol's 401. `tenantId` restricts the lookup
 * (a SCIM token of another tenant is simply not found).
 */
export async function verifyCredential<T extends CredentialDoc>(
  deps: DomainDeps,
  input: { kind: SecretKind | SecretKind[]; secret: string; tenantId?: string },
): Promise<T> {
  const kinds = Array.isArray(input.kind) ? input.kind : [input.kind];
  const secretHash = hashSecret(input.secret);
  const filter = input.tenantId === undefined ? { secretHash } : { tenantId: input.tenantId, secretHash };
  const found = await deps.store.collection<T>(STORE_OF[kinds[0]]).findOne(filter);
  if (!found || !kinds.includes(found.kind) || !digestsEqual(found.secretHash, secretHash)) {
    throw new RosterError('secret_invalid', 'the credential is not valid');
  }
  const now = deps.now ? deps.now() : new Date();
  if (found.revokedAt) throw new RosterError('secret_revoked', 'the credential has been revoked');
  if (found.expiresAt && Date.parse(found.expiresAt) <= now.getTime()) {
    throw new RosterError('secret_expired', 'the credential has expired');
  }
  if (!found.lastUsedAt || now.getTime() - Date.parse(found.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
    found.lastUsedAt = now.toISOString();
    await deps.store
      .collection(STORE_OF[kinds[0]])
      .updateOne({ _id: found._id }, { $set: { lastUsedAt: found.lastUsedAt } });
  }
  return found;
}
