import { RosterError } from '../errors/index.js';
import type { Redis } from '../redis/index.js';

// Failed authentications (SCIM bearer tokens, API keys) counted per source address and per tenant
// in fixed windows in Redis, so every API process sees the same counts. An address over its limit
// is answered 429 at once for the rest of the window from memory (no Redis, no store, no audit
// row), so a flood costs almost nothing; a tenant over its limit answers its *failing* attempts
// 429, after verification, so a valid credential from any other address is never refused.
// When Redis is down the throttle lets everything through (fail-open) and says so in the log:
// authentication itself does not need Redis, and SCIM provisioning must keep working.

export interface AuthFailureLimits {
  perAddress: number;
  perTenant: number;
  windowSeconds: number;
}

export interface AuthFailureThrottle {
  /** Seconds until `address` may try again, when it is over its limit. */
  blockedFor(address: string): number | undefined;
  /** Counts one failure; the seconds to wait when the address or the tenant is now over its limit. */
  failed(address: string, tenantId: string | undefined): Promise<number | undefined>;
}

interface Deps {
  redis: () => Redis;
  limits: AuthFailureLimits;
  warn: (err: unknown, message: string) => void;
  now?: () => number;
}

/** One warning per this many milliseconds while Redis is down, not one per request. */
const WARN_EVERY_MS = 10_000;

export function createAuthFailureThrottle(deps: Deps): AuthFailureThrottle {
  const now = deps.now ?? Date.now;
  const windowMs = deps.limits.windowSeconds * 1000;
  const blocked = new Map<string, number>();
  let lastWarning = 0;

  const windowEnd = (t: number) => (Math.floor(t / windowMs) + 1) * windowMs;
  const secondsUntil = (end: number) => Math.max(1, Math.ceil((end - now()) / 1000));

  function block(address: string, until: number): void {
    for (const [a, end] of blocked) if (end <= now()) blocked.delete(a); // bounded by one window's offenders
    blocked.set(address, until);
  }

  async function count(keys: string[], ttlMs: number): Promise<number[]> {
    const pipeline = deps.redis().multi();
    for (const key of keys) pipeline.incr(key).pexpire(key, ttlMs);
    const replies = (await pipeline.exec()) ?? [];
    return keys.map((_k, i) => Number(replies[2 * i]?.[1] ?? 0));
  }

  return {
    blockedFor(address) {
      const until = blocked.get(address);
      if (until === undefined || until <= now()) return undefined;
      return secondsUntil(until);
    },
    async failed(address, tenantId) {
      const t = now();
      const window = Math.floor(t / windowMs);
      const keys = [
        `authfail:addr:${address}:${window}`,
        ...(tenantId ? [`authfail:tenant:${tenantId}:${window}`] : []),
      ];
      try {
        const [byAddress, byTenant = 0] = await count(keys, windowMs + 1000);
        const end = windowEnd(t);
        if (byAddress >= deps.limits.perAddress) block(address, end);
        if (byAddress > deps.limits.perAddress || byTenant > deps.limits.perTenant) return secondsUntil(end);
        return undefined;
      } catch (err) {
        if (t - lastWarning >= WARN_EVERY_MS) {
          lastWarning = t;
          deps.warn(err, 'authentication failures are not throttled: Redis is unavailable (failing open)');
        }
        return undefined;
      }
    },
  };
}

/** The throttle of one app, from its config (limits), Redis and logger. */
export function authFailureThrottle(deps: {
  redis: Redis;
  config: { authFailures: AuthFailureLimits };
  logger: { warn(obj: object, msg: string): void };
}): AuthFailureThrottle {
  return createAuthFailureThrottle({
    redis: () => deps.redis,
    limits: deps.config.authFailures,
    warn: (err, message) => deps.logger.warn({ err: (err as Error)?.message }, message),
  });
}

/** 429 with Retry-After for an address or tenant over its failed-authentication limit. */
export function tooManyFailures(retryAfterSeconds: number): RosterError {
  return new RosterError('rate_limited', `too many failed authentications; retry after ${retryAfterSeconds} s`, {
    details: { retryAfterSeconds },
  });
}
