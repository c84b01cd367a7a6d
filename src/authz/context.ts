import type { Recorder } from '../audit/index.js';
import { createQuotaService, createReadSnapshot, type QuotaService, type ReadSnapshot } from '../access/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { Redis } from '../redis/index.js';
import type { Store } from '../store/index.js';
import { createCatalogCache, type CatalogCache } from './catalog-cache.js';
import { createKeyCache, type KeyCache } from './key-cache.js';

/** What createAuthzRouter needs; AppDeps satisfies it. */
export interface AuthzDeps {
  store: Store;
  redis: Redis;
  recorder: Recorder;
  config?: { bodyLimit?: string };
  /** The clock for quotas, key expiry and audit times; tests move it instead of sleeping. */
  now?: () => Date;
  /** How long a tenant's role catalog is reused to word reasons (never to decide). Default 5 s. */
  catalogTtlMs?: number;
  /** 0 turns the verified-key cache off; any other value keeps it on (validated per request by version, see key-cache.ts). */
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
  /** Reads shared across requests while nothing was committed (src/access/read-snapshot.ts). */
  snapshot: ReadSnapshot;
  quotas: QuotaService;
}

export function createAuthzContext(deps: AuthzDeps): AuthzContext {
  const now = deps.now ?? (() => new Date());
  const directory: DomainDeps = { store: deps.store, recorder: deps.recorder, now };
  return {
    store: deps.store,
    recorder: deps.recorder,
    directory,
    now,
    keys: createKeyCache({ directory, ttlMs: deps.keyCacheTtlMs ?? 1000 }),
    catalogs: createCatalogCache({ store: deps.store, ttlMs: deps.catalogTtlMs ?? 5000, now }),
    snapshot: createReadSnapshot(deps.store),
    quotas: createQuotaService({ redis: deps.redis, now }),
  };
}
