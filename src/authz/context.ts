import type { Recorder } from '../audit/index.js';
import { createQuotaService, type QuotaService } from '../access/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { Redis } from '../redis/index.js';
import type { Store } from '../store/index.js';
import { loadConfig } from '../../config/index.js';
import { authFailureThrottle, type AuthFailureLimits, type AuthFailureThrottle } from '../auth-failures/index.js';
import { createCatalogCache, type CatalogCache } from './catalog-cache.js';
import { createKeyCache, type KeyCache } from './key-cache.js';

/** What createAuthzRouter needs; AppDeps satisfies it. */
export interface AuthzDeps {
  store: Store;
  redis: Redis;
  recorder: Recorder;
  config?: { bodyLimit?: string; authFailures?: AuthFailureLimits };
  logger?: { warn(obj: object, msg: string): void };
  /** The clock for quotas, key expiry and audit times; tests move it instead of sleeping. */
  now?: () => Date;
  /** How long a tenant's role catalog is reused to word reasons (never to decide). Default 5 s. */
  catalogTtlMs?: number;
  /** How long a verified API key is reused before it is read again (revocation lag elsewhere). Default 1 s; 0: off. */
  keyCacheTtlMs?: number;
}

/** Per-router collaborators, built once by createAuthzRouter (no module-level state). */
export interface AuthzContext {
  store: Store;
  recorder: Recorder;
  directory: DomainDeps;
  now: () => Date;
  catalogs: CatalogCache;
  keys: KeyCache;
  quotas: QuotaService;
  /** Failed API-key authentications per address (src/auth-failures). */
  authFailures: AuthFailureThrottle;
}

export function createAuthzContext(deps: AuthzDeps): AuthzContext {
  const now = deps.now ?? (() => new Date());
  const directory: DomainDeps = { store: deps.store, recorder: deps.recorder, now };
  return {
    store: deps.store,
    recorder: deps.recorder,
    directory,
    now,
    keys: createKeyCache({ directory, ttlMs: deps.keyCacheTtlMs ?? 1000, now }),
    catalogs: createCatalogCache({ store: deps.store, ttlMs: deps.catalogTtlMs ?? 5000, now }),
    quotas: createQuotaService({ redis: deps.redis, now }),
    authFailures: authFailureThrottle({
      redis: deps.redis,
      config: { authFailures: deps.config?.authFailures ?? loadConfig({}).authFailures },
      logger: deps.logger ?? { warn: () => {} },
    }),
  };
}
