import type { ApiKeyDoc } from '../access/index.js';
import { createCredentialCache, verifyCredential } from '../credentials/index.js';
import type { DomainDeps } from '../domain/index.js';

/**
 * Verified API keys kept in this process and re-validated per request by their tenant's
 * credential version (src/credentials/credential-cache.ts): a revocation or an approval applies
 * on the very next request in every process, expiry is checked on every use. ttlMs 0 turns the
 * cache off (every request verifies against the store).
 */
export interface KeyCache {
  /** `stamp`: the request's Store.commitStamp, when the caller already read it. */
  verify(secret: string, stamp?: number): Promise<ApiKeyDoc>;
  clear(): void;
}

export function createKeyCache(deps: { directory: DomainDeps; ttlMs: number }): KeyCache {
  const kind: ApiKeyDoc['kind'][] = ['admin', 'scoped'];
  if (deps.ttlMs <= 0)
    return { verify: (secret) => verifyCredential<ApiKeyDoc>(deps.directory, { kind, secret }), clear() {} };
  const cache = createCredentialCache(deps.directory);
  return { verify: (secret, stamp) => cache.verify<ApiKeyDoc>({ kind, secret, stamp }), clear: () => cache.clear() };
}
