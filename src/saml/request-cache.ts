import { randomBytes } from 'node:crypto';
import { type Redis, viaRedis } from '../redis/index.js';

// AuthnRequests this deployment issued, kept in Redis so that any API process can accept the
// answer (SAML profiles §4.1.4.3: a response to an AuthnRequest carries its ID in InResponseTo).
// Each is answered at most once: consuming it is an atomic GETDEL.

export interface PendingRequest {
  tenantId: string;
  returnTo: string;
  relayState: string;
  issuedAt: string;
}

const key = (tenantId: string, requestId: string) => `saml:request:${tenantId}:${requestId}`;

/** An xsd:ID (an NCName: it may not start with a digit), unguessable. */
export function newRequestId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/** RelayState is opaque and short (SAML bindings §3.4.3: at most 80 bytes). */
export function newRelayState(): string {
  return randomBytes(18).toString('base64url');
}

export async function rememberRequest(
  redis: Redis,
  requestId: string,
  request: PendingRequest,
  ttlSeconds: number,
): Promise<void> {
  await viaRedis(() => redis.set(key(request.tenantId, requestId), JSON.stringify(request), 'EX', ttlSeconds));
}

/** The request, removed so it can never be answered again; undefined when unknown or expired. */
export async function consumeRequest(
  redis: Redis,
  tenantId: string,
  requestId: string,
): Promise<PendingRequest | undefined> {
  const stored = await viaRedis(() => redis.getdel(key(tenantId, requestId)));
  if (!stored) return undefined;
  const request = JSON.parse(stored) as PendingRequest;
  return request.tenantId === tenantId ? request : undefined;
}
