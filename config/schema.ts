import { isIP } from 'node:net';
import { z } from 'zod';

// The input type: what a user writes in the environment (all strings). The only code that reads
// process.env is loadConfig() in config/index.ts, which hands the env to this schema.

const port = z.coerce
  .number({ error: 'expected an integer from 1 to 65535' })
  .int('expected an integer from 1 to 65535')
  .min(1, 'expected an integer from 1 to 65535')
  .max(65535, 'expected an integer from 1 to 65535');

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .positive(`expected ${what}`);

const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');

// ROSTER_TRUST_PROXY: which hops in front of Roster may set X-Forwarded-For (Express "trust proxy").
// `true` means one hop (the load balancer right in front): the client is the address that proxy
// saw, the right-most entry. Express's own `true` would take the left-most entry, which the client
// writes itself, and an IP allow-list could then be passed by sending a forged header.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
const PROXY_HELP =
  'expected false, true (one hop), a number of hops, or a comma-separated list of proxy addresses/CIDRs';
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const v = value.trim();
  if (v === 'false' || v === '0' || v === '') return false;
  if (v === 'true') return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim());
  if (entries.every(isProxyEntry)) return entries;
  ctx.addIssue({ code: 'custom', message: PROXY_HELP });
  return z.NEVER;
});

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

export const envSchema = z.object({
  ROSTER_HOST: z.string().min(1, 'expected a host name or address'),
  ROSTER_PORT: port,
  ROSTER_DATA_DIR: z.string().min(1, 'expected a folder path'),
  // 0 asks the OS for a free port (the one chosen is logged); tests use it.
  ROSTER_METRICS_PORT: z.coerce
    .number({ error: 'expected an integer from 0 to 65535' })
    .int('expected an integer from 0 to 65535')
    .min(0, 'expected an integer from 0 to 65535')
    .max(65535, 'expected an integer from 0 to 65535'),
  ROSTER_METRICS_HOST: z.string().min(1, 'expected a host name or address'),
  // Failed authentications (SCIM bearer tokens, API keys) per source address and per tenant in one
  // window before 429 (src/authn/failure-throttle.ts).
  ROSTER_AUTH_FAILURES_PER_ADDRESS: positiveInt('a positive whole number of failures'),
  ROSTER_AUTH_FAILURES_PER_TENANT: positiveInt('a positive whole number of failures'),
  ROSTER_AUTH_FAILURE_WINDOW_SECONDS: positiveInt('a positive whole number of seconds'),
  ROSTER_PUBLIC_URL: z.union([z.literal(''), url(['http:', 'https:'])]),
  ROSTER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'expected one of fatal, error, warn, info, debug, trace, silent',
  }),
  ROSTER_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size like 512kb or 1mb'),
  ROSTER_SHUTDOWN_TIMEOUT_MS: positiveInt('a positive whole number of milliseconds'),
  ROSTER_AUDIT_RETENTION_DAYS: positiveInt('a positive whole number of days'),
  ROSTER_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]*$/, 'expected letters, digits, _ : . or -'),
  ROSTER_TRUST_PROXY: trustProxy,
  REDIS_URL: url(['redis:', 'rediss:']),
  MONGODB_URI: url(['mongodb:', 'mongodb+srv:']).optional(),
  ROSTER_SAML_SP_KEY_FILE: z.string(),
  ROSTER_SAML_SP_CERT_FILE: z.string(),
  ROSTER_SAML_SP_ENCRYPTION_KEY_FILE: z.string(),
  ROSTER_SAML_SP_ENCRYPTION_CERT_FILE: z.string(),
  // Tolerance when comparing NotBefore/NotOnOrAfter (SAML core §2.5.1.2); bounded at five minutes.
  ROSTER_SAML_CLOCK_SKEW_SECONDS: z.coerce
    .number({ error: 'expected a whole number of seconds from 0 to 300' })
    .int('expected a whole number of seconds from 0 to 300')
    .min(0, 'expected a whole number of seconds from 0 to 300')
    .max(300, 'expected a whole number of seconds from 0 to 300'),
  ROSTER_SAML_REQUEST_TTL_SECONDS: positiveInt('a positive whole number of seconds'),
  ROSTER_SAML_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size like 256kb'),
  ROSTER_SESSION_TTL_SECONDS: positiveInt('a positive whole number of seconds'),
  // Key ring for connector and SIEM credentials (src/credentials/secret-keys.ts): kid:base64,...
  ROSTER_SECRET_KEY: z.string().regex(/^[A-Za-z0-9_.:+/=,\s-]*$/, 'expected kid:base64 entries separated by commas'),
  ROSTER_SECRET_KEY_FILE: z.string(),
  // /readyz: `report` shows the worker heartbeat check without failing on it; `require` fails
  // readiness when no worker beat within the window (src/ops/health.ts).
  ROSTER_READYZ_WORKERS: z.enum(['report', 'require'], { error: 'expected report or require' }),
  // How often the workers record each tenant's sync and SIEM lag for the ops console's chart.
  ROSTER_LAG_SAMPLE_MS: positiveInt('a positive whole number of milliseconds'),
  // Sync workers (workers/sync): empty ROSTER_WORKERS_IN_SERVE means true on the embedded store, false on mongo.
  ROSTER_WORKERS_IN_SERVE: z.union([z.literal(''), bool]),
  ROSTER_SYNC_CONCURRENCY: positiveInt('a positive whole number of jobs'),
  ROSTER_SYNC_COALESCE_MS: z.coerce.number({ error: 'expected milliseconds' }).int().min(0, 'expected milliseconds'),
  ROSTER_SYNC_ATTEMPTS: positiveInt('a positive whole number of attempts'),
  ROSTER_SYNC_BACKOFF_MS: positiveInt('a positive whole number of milliseconds'),
  ROSTER_SYNC_QUARANTINE_AFTER: positiveInt('a positive whole number of failed jobs'),
  ROSTER_SYNC_QUARANTINE_BASE_MS: positiveInt('a positive whole number of milliseconds'),
  ROSTER_SYNC_PROBE_MS: positiveInt('a positive whole number of milliseconds'),
  ROSTER_SYNC_STALLED_MS: positiveInt('a positive whole number of milliseconds'),
  // workers/heap.ts: how far V8's old space may grow past the live heap before a full GC.
  ROSTER_WORKER_HEAP_GROWTH_PERCENT: z.coerce
    .number({ error: 'expected a percentage' })
    .int()
    .min(0, 'expected a percentage')
    .max(300, 'expected a percentage up to 300'),
});

export type ConfigInput = z.input<typeof envSchema>;

/** Keys whose values may hold credentials: never echoed in an error or a log line. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['REDIS_URL', 'MONGODB_URI', 'ROSTER_SECRET_KEY']);
