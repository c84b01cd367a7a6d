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
} as const;
