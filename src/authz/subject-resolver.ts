import type { UserDoc } from '../people/index.js';
import { RosterError } from '../errors/index.js';
import { compileScope, scopedCheckerOf, subjectFromStored } from '../rbac/index.js';
import type { CatalogCache } from './catalog-cache.js';
import type { SubjectCache } from './subject-cache.js';
import type { DecisionSubject } from './decide.js';
import type { Principal } from './principal.js';
import { createRequestReads, type ReadSnapshot, type RequestReads } from '../access/index.js';
import type { Store } from '../store/index.js';

/** This request's reads, already holding the scoped key's owner that authentication read. */
export function readsFor(store: Store, principal: Principal, snapshot?: ReadSnapshot): RequestReads {
  const reads = createRequestReads(store, principal.tenantId, snapshot, principal.stamp);
  if (principal.kind === 'scoped') reads.prime(principal.owner);
  return reads;
}

/** The caches a subject is compiled through (AuthzContext holds both). */
export interface SubjectCaches {
  catalogs: CatalogCache;
  subjects: SubjectCache;
}

export interface ResolvedSubject {
  subject: DecisionSubject | null;
  /** True when the caller asks about itself through its own scoped key (no authz:check needed). */
  self: boolean;
}

async function keySubject(
  reads: RequestReads,
  caches: SubjectCaches,
  principal: Principal & { kind: 'scoped' },
): Promise<DecisionSubject> {
  const owner = await reads.user(principal.owner._id);
  if (!owner) throw new RosterError('secret_invalid', 'the credential is not valid');
  const catalog = await caches.catalogs.get(reads.tenantId, reads.stamp);
  const check = scopedCheckerOf(subjectFromStored(owner, catalog), compileScope(principal.key.permissions));
  return {
    user: owner,
    check,
    keyAllowedModels: principal.key.allowedModels,
    keyPermissions: principal.key.permissions,
  };
}

export async function userSubject(reads: RequestReads, caches: SubjectCaches, user: UserDoc): Promise<DecisionSubject> {
  return { user, check: caches.subjects.checkerOf(user, await caches.catalogs.get(reads.tenantId, reads.stamp)) };
}

/**
 * `ref` names a user by id or userName. Without one, a scoped key asks about its own user, seen
 * through the key (design 000: what may this key do?); an admin key must name a subject.
 */
export async function resolveSubject(
  reads: RequestReads,
  caches: SubjectCaches,
  principal: Principal,
  ref?: string,
): Promise<ResolvedSubject> {
  if (ref === undefined) {
    if (principal.kind !== 'scoped')
      throw new RosterError('invalid_input', 'subject is required when calling with an admin key');
    return { subject: await keySubject(reads, caches, principal), self: true };
  }
  const user = await reads.user(ref);
  if (principal.kind === 'scoped' && user?._id === principal.owner._id)
    return { subject: await keySubject(reads, caches, principal), self: true };
  return { subject: user && (await userSubject(reads, caches, user)), self: false };
}
