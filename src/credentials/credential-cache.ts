import { readCacheVersion, type DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import { touchCredential, verifyCredential, type CredentialDoc } from './credentials.js';
import { hashSecret, type SecretKind } from './secrets.js';

/**
 * Verified credentials kept in this process, so a busy SCIM client or API caller costs one
 * primary-key read (its tenant's credential version) per request instead of a secret lookup.
 * A revocation or approval bumps that version in the same transaction (credentials.ts,
 * scoped-keys.ts), so every process re-verifies on its very next request; expiry is checked on
 * every use; a failed verification is never kept.
 */
export interface CredentialCache {
  verify<T extends CredentialDoc>(input: {
    kind: SecretKind | SecretKind[];
    secret: string;
    tenantId?: string;
    /** Store.commitStamp as the caller read it at the start of this request; read here if absent. */
    stamp?: number;
  }): Promise<T>;
  clear(): void;
}

interface Entry {
  version: number;
  /** The store's commit stamp when `version` was last confirmed: while it holds, nothing changed. */
  stamp?: number;
  doc: CredentialDoc;
}

const MAX_ENTRIES = 10_000;

export function createCredentialCache(deps: DomainDeps, maxEntries = MAX_ENTRIES): CredentialCache {
  const entries = new Map<string, Entry>();
  /** Which tenant a hash belongs to never changes, so it is kept even when the entry is not. */
  const tenantOf = new Map<string, string>();

  function remember(hash: string, entry: Entry): void {
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    if (tenantOf.size >= maxEntries) tenantOf.delete(tenantOf.keys().next().value!);
    entries.set(hash, entry);
  }

  /** One primary-key read, or none while the store has committed nothing since the last check. */
  async function stillCurrent(hit: Entry, tenantId: string, given?: number): Promise<boolean> {
    const stamp = given ?? deps.store.commitStamp?.();
    if (stamp !== undefined && stamp === hit.stamp) return true;
    if ((await readCacheVersion(deps.store, tenantId, 'credentials')) !== hit.version) return false;
    hit.stamp = stamp;
    return true;
  }

  async function fresh<T extends CredentialDoc>(
    input: Parameters<CredentialCache['verify']>[0],
    hash: string,
    tenantId: string | undefined,
  ): Promise<T> {
    // The stamp, then the version, then the credential: a revocation committed in between makes
    // the entry stale at once rather than hiding behind a newer version or stamp.
    const stamp = input.stamp ?? deps.store.commitStamp?.();
    const version = tenantId === undefined ? undefined : await readCacheVersion(deps.store, tenantId, 'credentials');
    const doc = await verifyCredential<T>(deps, input);
    tenantOf.set(hash, doc.tenantId);
    if (version !== undefined && doc.tenantId === tenantId) remember(hash, { version, stamp, doc });
    return doc;
  }

  return {
    async verify<T extends CredentialDoc>(input: Parameters<CredentialCache['verify']>[0]): Promise<T> {
      const hash = hashSecret(input.secret);
      const tenantId = input.tenantId ?? tenantOf.get(hash);
      const hit = entries.get(hash);
      if (!hit || tenantId === undefined || hit.doc.tenantId !== tenantId) return fresh<T>(input, hash, tenantId);
      const kinds = Array.isArray(input.kind) ? input.kind : [input.kind];
      if (!kinds.includes(hit.doc.kind)) throw new RosterError('secret_invalid', 'the credential is not valid');
      if (!(await stillCurrent(hit, tenantId, input.stamp))) {
        entries.delete(hash);
        return fresh<T>(input, hash, tenantId);
      }
      const now = deps.now ? deps.now() : new Date();
      if (hit.doc.expiresAt && Date.parse(hit.doc.expiresAt) <= now.getTime())
        throw new RosterError('secret_expired', 'the credential has expired');
      await touchCredential(deps, hit.doc, now);
      return hit.doc as T;
    },
    clear() {
      entries.clear();
    },
  };
}
