import { RosterError } from '../errors/index.js';

// Redis failures enter Roster here, once: a command that could not reach Redis (connection lost,
// refused, timed out) becomes a 503 `unavailable` with a retry hint, which each edge answers in
// its own format with Retry-After (RFC 9110 §10.2.3). A reply error (Redis answered, refusing the
// command) is a bug in Roster, not an outage, and stays a 500.

/** Seconds a client is asked to wait: about the reconnect interval of createRedis (src/redis/redis.ts). */
export const REDIS_RETRY_AFTER_SECONDS = 2;

export function isRedisOutage(err: unknown): boolean {
  return err instanceof Error && !(err instanceof RosterError) && err.name !== 'ReplyError';
}

export function redisUnavailable(cause: unknown): RosterError {
  return new RosterError('unavailable', 'a service Roster depends on (Redis) is unavailable; retry shortly', {
    cause,
    expose: true,
    details: { retryAfterSeconds: REDIS_RETRY_AFTER_SECONDS },
  });
}

/** Runs Redis commands; an outage leaves as `unavailable`. */
export async function viaRedis<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw isRedisOutage(err) ? redisUnavailable(err) : err;
  }
}

/** The Retry-After an error asks for, if any (503 outages, 429 throttles). */
export function retryAfterOf(error: RosterError): number | undefined {
  const seconds = error.details.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : undefined;
}
