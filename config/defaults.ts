// Defaults for every setting; each can be overridden by the environment variable named beside it.
export const DEFAULTS = {
  ROSTER_HOST: '0.0.0.0',
  ROSTER_PORT: '8080',
  ROSTER_DATA_DIR: './data',
  ROSTER_METRICS_PORT: '9464', // the port OpenTelemetry's Prometheus exporter uses
  ROSTER_METRICS_HOST: '127.0.0.1', // loopback: scrape through a sidecar or set an internal address
  ROSTER_AUTH_FAILURES_PER_ADDRESS: '20',
  ROSTER_AUTH_FAILURES_PER_TENANT: '600',
  ROSTER_AUTH_FAILURE_WINDOW_SECONDS: '60',
  ROSTER_PUBLIC_URL: '', // empty: http://localhost:<port>
  ROSTER_LOG_LEVEL: 'info',
  ROSTER_BODY_LIMIT: '1mb',
  ROSTER_SHUTDOWN_TIMEOUT_MS: '10000',
  ROSTER_AUDIT_RETENTION_DAYS: '90',
  ROSTER_REDIS_PREFIX: 'roster:',
  ROSTER_TRUST_PROXY: 'false',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ROSTER_SAML_SP_KEY_FILE: '', // empty: AuthnRequests are not signed and metadata names no certificate
  ROSTER_SAML_SP_CERT_FILE: '',
  // empty: the signing pair above also decrypts (when set); with neither, assertions cannot be encrypted
  ROSTER_SAML_SP_ENCRYPTION_KEY_FILE: '',
  ROSTER_SAML_SP_ENCRYPTION_CERT_FILE: '',
  ROSTER_SAML_CLOCK_SKEW_SECONDS: '60',
  ROSTER_SAML_REQUEST_TTL_SECONDS: '900',
  ROSTER_SAML_BODY_LIMIT: '256kb',
  ROSTER_SESSION_TTL_SECONDS: '28800',
  ROSTER_SECRET_KEY: '', // empty: ROSTER_SECRET_KEY_FILE, else <data dir>/secret.key (embedded only)
  ROSTER_SECRET_KEY_FILE: '',
  ROSTER_READYZ_WORKERS: 'report', // require: /readyz fails without a live worker heartbeat
  ROSTER_LAG_SAMPLE_MS: '60000', // one lag sample per tenant per minute (24 h = 1440 points)
  ROSTER_WORKERS_IN_SERVE: '', // empty: true on the embedded store (one SQLite writer), false on mongo
  ROSTER_SYNC_CONCURRENCY: '16', // sync jobs in flight per worker process
  ROSTER_SYNC_COALESCE_MS: '250', // live changes to one object within this quiet time become one job
  ROSTER_SYNC_ATTEMPTS: '8', // tries of a transient failure before the dead-letter set
  ROSTER_SYNC_BACKOFF_MS: '1000', // first retry delay; doubles each attempt, with jitter
  ROSTER_SYNC_QUARANTINE_AFTER: '10', // consecutive dead-lettered jobs that quarantine a connector
  ROSTER_SYNC_QUARANTINE_BASE_MS: '60000', // first quarantine probe interval; doubles up to a day
  ROSTER_SYNC_PROBE_MS: '5000', // how often a worker looks for quarantined connectors due a probe
  ROSTER_SYNC_STALLED_MS: '30000', // a crashed worker's jobs are taken over after this (BullMQ lock)
  ROSTER_WORKER_HEAP_GROWTH_PERCENT: '100', // V8 old space may grow this % past the live heap; 0: V8's own
} as const;
