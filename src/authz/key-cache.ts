import type { ApiKeyDoc } from '../access/index.js';
import { hashSecret, verifyCredential } from '../credentials/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';

/**
 * Verified API keys, reused for a short while so a busy caller does not cost a store read per
 * request. Expiry is still checked on every use; a revocation reaches this process at once when
 * made through this router (clear()), and other processes within `ttlMs`. A failed verification
 * is never kept. ttlMs 0 turns the cache off.
 */
export interface KeyCache {
  verify(secret: string): Promise<ApiKeyDoc>;
  clear(): void;
}

const MAX_ENTRIES = 10_000;

export function createKeyCache(deps: { directory: DomainDeps; ttlMs: number; now: () => Date }): KeyCache {
  const entries = new Map<string, { at: number; key: Promise<ApiKeyDoc> }>();
  const load = (secret: string) => verifyCredential<ApiKeyDoc>(deps.directory, { kind: ['admin', 'scoped'], secret });

  function remember(hash: string, at: number, key: Promise<ApiKeyDoc>): void {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(hash, { at, key });
    key.catch(() => entries.delete(hash));
  }

  return {
    async verify(secret) {
      if (deps.ttlMs <= 0) return load(secret);
      const hash = hashSecret(secret);
      const now = deps.now().getTime();
      const hit = entries.get(hash);
      if (!hit || now - hit.at >= deps.ttlMs) {
        const key = load(secret);
        remember(hash, now, key);
        return key;
      }
      const key = await hit.key;
      if (key.expiresAt && Date.parse(key.expiresAt) <= now)
        throw new RosterError('secret_expired', 'the credential has expired');
      return key;
    },
    clear() {
      entries.clear();
    },
  };
}
