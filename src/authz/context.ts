import { createTallyBuffer, type Recorder, type TallyBuffer } from '../audit/index.js';
import { createQuotaService, createReadSnapshot, type QuotaService, type ReadSnapshot } from '../access/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { SecretBox } from '../credentials/index.js';
import type { Redis } from '../redis/index.js';
import type { ConnectorCatalogue } from '../connectors/index.js';
import type { SiemKindCatalogue } from '../siem-streams/index.js';
import type { Store } from '../store/index.js';
import { createIpGate, type IpGate } from '../tenants/index.js';
import type { Config } from '../../config/index.js';
import { authFailureThrottle, type AuthFailureThrottle } from '../auth-failures/index.js';
import { createCatalogCache, type CatalogCache } from './catalog-cache.js';
import { createKeyCache, type KeyCache } from './key-cache.js';
import { createSubjectCache, type SubjectCache } from './subject-cache.js';

/** What the connector routes need beyond the store; the composition root passes it (src/main.ts). */
export interface ConnectorRouteDeps {
  catalogue: ConnectorCatalogue;
  secretBox(): Promise<SecretBox>;
  /** Replays the connector's dead-lettered sync jobs; answers how many. */
  replayFailed(tenantId: string, connectorId: string): Promise<number>;
}

/** What createAuthzRouter needs; AppDeps satisfies it. */
export interface AuthzDeps {
  store: Store;
  redis: Redis;
  recorder: Recorder;
  /** The composition root's config (src/runtime.ts): its defaults are config/'s, not restated here. */
  config: Pick<Config, 'bodyLimit' | 'auditRetentionDays' | 'authFailures'>;
  logger?: { warn(obj: object, msg: string): void };
  /** The clock for quotas, key expiry and audit times; tests move it instead of sleeping. */
  now?: () => Date;
  /** How long a tenant's role catalog is reused to word reasons (never to decide). Default 5 s. */
  catalogTtlMs?: number;
  /**
   * 0 turns the verified-key cache off; any other value keeps it on (validated per request by
   * version, see key-cache.ts).
   */
  keyCacheTtlMs?: number;
  /** Absent: the /v1/connectors routes answer 503. */
  connectors?: ConnectorRouteDeps;
  /** For the SIEM stream routes: the SIEM kinds and the secret box (src/runtime.ts). */
  siemKinds?: SiemKindCatalogue;
  secretBox?: () => Promise<SecretBox>;
  /** The composition root's close hooks (src/runtime.ts): the denial counts are written before the store closes. */
  onClose?: (hook: () => Promise<void>) => void;
}

/** Per-router collaborators, built once by createAuthzRouter (no module-level state). */
export interface AuthzContext {
  store: Store;
  recorder: Recorder;
  directory: DomainDeps;
  now: () => Date;
  catalogs: CatalogCache;
  /** Compiled checkers per user document the snapshot hands out (subject-cache.ts). */
  subjects: SubjectCache;
  keys: KeyCache;
  /** Reads shared across requests while nothing was committed (src/access/read-snapshot.ts). */
  snapshot: ReadSnapshot;
  quotas: QuotaService;
  connectors?: ConnectorRouteDeps;
  siem?: { kinds: SiemKindCatalogue; secretBox(): Promise<SecretBox> };
  /** Tallied audit of denials (src/audit/tally-buffer.ts). */
  denials: TallyBuffer;
  /** The tenant's `api` IP allow-list, checked once the key names the tenant. */
  ips: IpGate;
  /** Days an audit record is kept when its tenant sets nothing (ROSTER_AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
  /** Failed API-key authentications per address (src/auth-failures). */
  authFailures: AuthFailureThrottle;
}

export function createAuthzContext(deps: AuthzDeps): AuthzContext {
  const now = deps.now ?? (() => new Date());
  const directory: DomainDeps = { store: deps.store, recorder: deps.recorder, now };
  const denials = createTallyBuffer({ store: deps.store, recorder: deps.recorder, now });
  deps.onClose?.(() => denials.flush());
  return {
    store: deps.store,
    recorder: deps.recorder,
    directory,
    now,
    keys: createKeyCache({ directory, ttlMs: deps.keyCacheTtlMs ?? 1000 }),
    catalogs: createCatalogCache({ store: deps.store, ttlMs: deps.catalogTtlMs ?? 5000, now }),
    subjects: createSubjectCache(),
    snapshot: createReadSnapshot(deps.store),
    quotas: createQuotaService({ redis: deps.redis, now }),
    connectors: deps.connectors,
    ...(deps.siemKinds && deps.secretBox ? { siem: { kinds: deps.siemKinds, secretBox: deps.secretBox } } : {}),
    denials,
    ips: createIpGate({ store: deps.store, recorder: deps.recorder, now }),
    auditRetentionDays: deps.config.auditRetentionDays,
    authFailures: authFailureThrottle({
      redis: deps.redis,
      config: { authFailures: deps.config.authFailures },
      logger: deps.logger ?? { warn: () => {} },
    }),
  };
}
