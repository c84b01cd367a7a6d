// One error type for everything a downstream target can answer, classified for the engine:
//   rate_limited → wait retryAfterMs, do not count an attempt (BullMQ worker.rateLimit)
//   transient    → retry with backoff          auth      → pause the connector, tell the operator
//   permanent    → dead letter, no retry       not_found → the remote object is gone
// `detail` is a short target response snippet with every configured secret scrubbed.

export type ConnectorErrorClass = 'rate_limited' | 'transient' | 'permanent' | 'auth' | 'not_found';

export interface ConnectorErrorOptions {
  status?: number;
  retryAfterMs?: number;
  detail?: string;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly class: ConnectorErrorClass;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly detail: string;

  constructor(errorClass: ConnectorErrorClass, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.class = errorClass;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail ?? '';
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}

/** GitHub's advice when nothing says how long: "wait for at least one minute" (REST rate limits docs). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const SNIPPET_CHARS = 300;

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when neither. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names a weekday or month; this keeps "-1" and the like from parsing as years.
  const at = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/**
 * How long a rate-limited target wants us to wait. GitHub's order (REST API "Rate limits" docs):
 * `retry-after`; else `x-ratelimit-reset` (epoch seconds) when `x-ratelimit-remaining` is 0;
 * else at least a minute.
 */
export function rateLimitWaitMs(headers: HeaderSource, now = Date.now()): number {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = headers.get('x-ratelimit-reset');
  if (headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset))
    return Math.max(0, Number(reset) * 1000 - now);
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}

/** GitHub answers its secondary rate limit with 403 (or 429) and says so in headers or message. */
function isRateLimit403(headers: HeaderSource, body: string): boolean {
  return headers.get('x-ratelimit-remaining') === '0' || headers.get('retry-after') != null || /rate limit/i.test(body);
}

/** Removes every secret from a target's answer before it goes into an error, and shortens it. */
export function snippet(body: string, secrets: readonly string[] = []): string {
  let text = body;
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
}

export interface ResponseFacts {
  status: number;
  headers: HeaderSource;
  body: string;
}

/** The classification table for a non-2xx answer. */
export function classifyResponse(
  response: ResponseFacts,
  what: string,
  secrets: readonly string[] = [],
  now = Date.now(),
): ConnectorError {
  const { status, headers } = response;
  const detail = snippet(response.body, secrets);
  const make = (c: ConnectorErrorClass, retryAfterMs?: number) =>
    new ConnectorError(c, `${what}: HTTP ${status}`, { status, detail, retryAfterMs });
  if (status === 429) return make('rate_limited', rateLimitWaitMs(headers, now));
  if (status === 403 && isRateLimit403(headers, response.body))
    return make('rate_limited', rateLimitWaitMs(headers, now));
  if (status === 503) return make('transient', parseRetryAfter(headers.get('retry-after'), now));
  if (status >= 500) return make('transient');
  if (status === 401 || status === 403) return make('auth');
  if (status === 404) return make('not_found');
  return make('permanent');
}

/** Connection refused, reset, DNS failure or our own timeout: the request may be retried. */
export function networkError(what: string, cause: unknown): ConnectorError {
  // fetch wraps the socket error (cause.cause.code); node:http gives it directly (cause.code).
  const err = cause as { cause?: { code?: string }; code?: string; name?: string } | undefined;
  const code = err?.cause?.code ?? err?.code ?? err?.name ?? 'network error';
  return new ConnectorError('transient', `${what}: ${code}`, { detail: String(code), cause });
}
