import path from 'node:path';
import { DEFAULTS } from './defaults.js';
import { envSchema, SECRET_KEYS } from './schema.js';

/** The resolved configuration: what code reads. Frozen after loading. */
export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  logLevel: string;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  auditRetentionDays: number;
  /** Express "trust proxy": false, a hop count, or the proxies' addresses/CIDRs (config/schema.ts). */
  trustProxy: false | number | string[];
  /** The /metrics listener (src/ops/metrics.ts). */
  metrics: { host: string; port: number };
  /** Failed authentications allowed per window before 429 (src/authn/failure-throttle.ts). */
  authFailures: { perAddress: number; perTenant: number; windowSeconds: number };
  redis: { url: string; prefix: string };
  mongodbUri?: string;
  saml: {
    /** PEM files of the SP signing key pair; absent: AuthnRequests go unsigned. */
    spKeyFile?: string;
    spCertFile?: string;
    /** PEM files of the key pair IdPs encrypt assertions for; absent: the signing pair serves. */
    spEncryptionKeyFile?: string;
    spEncryptionCertFile?: string;
    clockSkewSeconds: number;
    /** How long an issued AuthnRequest may be answered. */
    requestTtlSeconds: number;
    bodyLimit: string;
  };
  session: { ttlSeconds: number };
  /** Where the key ring for stored connector and SIEM credentials comes from. */
  secretKeys: { inline?: string; file?: string };
  /** `roster serve` also runs the workers (the embedded default: one SQLite writer). */
  workersInServe: boolean;
  /** V8 heap growing factor, in % past the live heap, set by processes that run workers; 0: V8's own. */
  workerHeapGrowthPercent: number;
  sync: {
    concurrency: number;
    coalesceMs: number;
    attempts: number;
    backoffMs: number;
    quarantineAfter: number;
    quarantineBaseMs: number;
    probeMs: number;
    stalledMs: number;
  };
  /** Who a CLI command acts as in the audit trail: the login name of the terminal's user. */
  operatorName: string;
  ops: {
    /** `require`: /readyz fails without a live worker heartbeat even when this process runs no workers. */
    readyzWorkers: 'report' | 'require';
    /** Milliseconds between the workers' lag samples (src/status/lag-series.ts). */
    lagSampleMs: number;
  };
}

/** A bad configuration: `problems` holds one line per wrong key, already safe to print. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

function describeValue(key: string, value: unknown): string {
  if (SECRET_KEYS.has(key)) return '(value hidden)';
  return value === undefined ? '(not set)' : `got ${JSON.stringify(value)}`;
}

/** Parses the environment once; every bad key is reported together, each on its own line. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, string> = {},
): Readonly<Config> {
  const raw: Record<string, string | undefined> = { ...DEFAULTS };
  for (const key of Object.keys(envSchema.shape)) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  Object.assign(raw, overrides);
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `config error: ${key}: ${issue.message}, ${describeValue(key, raw[key])}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.ROSTER_HOST,
    port: e.ROSTER_PORT,
    publicUrl: (e.ROSTER_PUBLIC_URL || `http://localhost:${e.ROSTER_PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(e.ROSTER_DATA_DIR),
    logLevel: e.ROSTER_LOG_LEVEL,
    bodyLimit: e.ROSTER_BODY_LIMIT,
    shutdownTimeoutMs: e.ROSTER_SHUTDOWN_TIMEOUT_MS,
    auditRetentionDays: e.ROSTER_AUDIT_RETENTION_DAYS,
    trustProxy: e.ROSTER_TRUST_PROXY,
    metrics: Object.freeze({ host: e.ROSTER_METRICS_HOST, port: e.ROSTER_METRICS_PORT }),
    authFailures: Object.freeze({
      perAddress: e.ROSTER_AUTH_FAILURES_PER_ADDRESS,
      perTenant: e.ROSTER_AUTH_FAILURES_PER_TENANT,
      windowSeconds: e.ROSTER_AUTH_FAILURE_WINDOW_SECONDS,
    }),
    redis: Object.freeze({ url: e.REDIS_URL, prefix: e.ROSTER_REDIS_PREFIX }),
    mongodbUri: e.MONGODB_URI,
    saml: Object.freeze({
      spKeyFile: e.ROSTER_SAML_SP_KEY_FILE ? path.resolve(e.ROSTER_SAML_SP_KEY_FILE) : undefined,
      spCertFile: e.ROSTER_SAML_SP_CERT_FILE ? path.resolve(e.ROSTER_SAML_SP_CERT_FILE) : undefined,
      spEncryptionKeyFile: e.ROSTER_SAML_SP_ENCRYPTION_KEY_FILE
        ? path.resolve(e.ROSTER_SAML_SP_ENCRYPTION_KEY_FILE)
        : undefined,
      spEncryptionCertFile: e.ROSTER_SAML_SP_ENCRYPTION_CERT_FILE
        ? path.resolve(e.ROSTER_SAML_SP_ENCRYPTION_CERT_FILE)
        : undefined,
      clockSkewSeconds: e.ROSTER_SAML_CLOCK_SKEW_SECONDS,
      requestTtlSeconds: e.ROSTER_SAML_REQUEST_TTL_SECONDS,
      bodyLimit: e.ROSTER_SAML_BODY_LIMIT,
    }),
    operatorName: env.USER || env.LOGNAME || 'operator',
    secretKeys: Object.freeze({
      inline: e.ROSTER_SECRET_KEY || undefined,
      file: e.ROSTER_SECRET_KEY_FILE ? path.resolve(e.ROSTER_SECRET_KEY_FILE) : undefined,
    }),
    session: Object.freeze({ ttlSeconds: e.ROSTER_SESSION_TTL_SECONDS }),
    ops: Object.freeze({ readyzWorkers: e.ROSTER_READYZ_WORKERS, lagSampleMs: e.ROSTER_LAG_SAMPLE_MS }),
    workersInServe: e.ROSTER_WORKERS_IN_SERVE === '' ? !e.MONGODB_URI : e.ROSTER_WORKERS_IN_SERVE,
    workerHeapGrowthPercent: e.ROSTER_WORKER_HEAP_GROWTH_PERCENT,
    sync: Object.freeze({
      concurrency: e.ROSTER_SYNC_CONCURRENCY,
      coalesceMs: e.ROSTER_SYNC_COALESCE_MS,
      attempts: e.ROSTER_SYNC_ATTEMPTS,
      backoffMs: e.ROSTER_SYNC_BACKOFF_MS,
      quarantineAfter: e.ROSTER_SYNC_QUARANTINE_AFTER,
      quarantineBaseMs: e.ROSTER_SYNC_QUARANTINE_BASE_MS,
      probeMs: e.ROSTER_SYNC_PROBE_MS,
      stalledMs: e.ROSTER_SYNC_STALLED_MS,
    }),
  });
}
