import { createHash } from 'node:crypto';
import { type Redis, viaRedis } from '../redis/index.js';

// Each assertion is accepted once (SAML profiles §4.1.4.5: the SP must keep the IDs of bearer
// assertions it accepted until they expire). Kept in Redis so N API processes share the memory.

const MAX_TTL_MS = 24 * 3600 * 1000;

const key = (tenantId: string, issuer: string, assertionId: string) =>
  `saml:assertion:${tenantId}:${createHash('sha256').update(`${issuer}\n${assertionId}`).digest('hex')}`;

/**
 * Records the assertion; false when it was already recorded (a replay). The record lives until
 * the assertion can no longer be valid (`validUntil` plus the clock skew), at least a second.
 */
export async function markAssertionUsed(
  redis: Redis,
  input: {
    tenantId: string;
    issuer: string;
    assertionId: string;
    validUntil: Date;
    clockSkewSeconds: number;
    now: Date;
  },
): Promise<boolean> {
  const ttl = input.validUntil.getTime() + input.clockSkewSeconds * 1000 - input.now.getTime();
  const ttlMs = Math.min(Math.max(ttl, 1000), MAX_TTL_MS);
  const set = await viaRedis(() =>
    redis.set(key(input.tenantId, input.issuer, input.assertionId), input.now.toISOString(), 'PX', ttlMs, 'NX'),
  );
  return set === 'OK';
}
