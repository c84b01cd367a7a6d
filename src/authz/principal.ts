import type { Actor } from '../audit/index.js';
import type { AdminKeyDoc, ApiKeyDoc, ScopedKeyDoc } from '../access/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { UserDoc } from '../people/index.js';
import { RosterError } from '../errors/index.js';
import {
  ADMIN_ALL,
  checkerOf,
  compileScope,
  DENY,
  scopedCheckerOf,
  subjectFromStored,
  type Checker,
} from '../rbac/index.js';
import type { KeyCache } from './key-cache.js';
import { findUser } from '../access/index.js';

// Who is calling: an admin API key (rst_key_…, a tenant's administrators or the application
// behind Roster) or a user's scoped key (rst_sk_…, design 000). Each resolves to a Checker for
// Roster's own permissions; a scoped key's is its owner's AND its scope, read fresh per request.

interface PrincipalBase {
  tenantId: string;
  keyId: string;
  actor: Actor;
  check: Checker;
  /**
   * Store.commitStamp read once when the request was authenticated: the key check and the
   * request's shared reads (src/access/read-snapshot.ts) both go by it, one read per request.
   */
  stamp?: number;
}

export interface AdminKeyPrincipal extends PrincipalBase {
  kind: 'admin';
}

export interface ScopedKeyPrincipal extends PrincipalBase {
  kind: 'scoped';
  key: ScopedKeyDoc;
  owner: UserDoc;
}

export type Principal = AdminKeyPrincipal | ScopedKeyPrincipal;

const inactive: Checker = () => DENY.inactive;

async function scopedPrincipal(deps: DomainDeps, key: ScopedKeyDoc, actor: Actor): Promise<ScopedKeyPrincipal> {
  if (key.approval?.state === 'pending')
    throw new RosterError('key_pending_approval', 'this key is waiting for approval by a tenant administrator');
  const owner = await findUser(deps.store, key.tenantId, key.userId);
  if (!owner) throw new RosterError('secret_invalid', 'the credential is not valid');
  const check =
    owner.active === false ? inactive : scopedCheckerOf(subjectFromStored(owner), compileScope(key.permissions));
  return { kind: 'scoped', tenantId: key.tenantId, keyId: key._id, actor, check, key, owner };
}

/**
 * Verifies a presented secret (hash lookup, constant-time compare, revocation, expiry). A scoped
 * key's owner is read fresh every time: what the owner lost, the key loses at once.
 */
export async function resolvePrincipal(deps: DomainDeps, keys: KeyCache, secret: string): Promise<Principal> {
  const stamp = deps.store.commitStamp?.();
  const key: ApiKeyDoc = await keys.verify(secret, stamp);
  const actor: Actor = { type: 'api_key', id: key._id };
  if (key.kind === 'scoped') return { ...(await scopedPrincipal(deps, key, actor)), stamp };
  const permissions = (key as AdminKeyDoc).permissions ?? [ADMIN_ALL];
  const check = checkerOf(compileScope(permissions));
  return { kind: 'admin', tenantId: key.tenantId, keyId: key._id, actor, check, stamp };
}
