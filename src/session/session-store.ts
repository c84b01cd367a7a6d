import { createHash, randomBytes } from 'node:crypto';
import { type Redis, viaRedis } from '../redis/index.js';

// Browser sessions in Redis, shared by every API process. The cookie holds a random id; Redis
// holds only its SHA-256, so a copy of Redis holds no usable cookie.

export interface SessionData {
  tenantId: string;
  userId: string;
  /** How the session began: the SAML NameID, the IdP's session index, the issuing IdP. */
  nameId: string;
  sessionIndex?: string;
  issuer: string;
  createdAt: string;
  expiresAt: string;
}

const key = (id: string) => `session:${createHash('sha256').update(id).digest('hex')}`;
const ID = /^[A-Za-z0-9_-]{43}$/;

export async function createSession(
  redis: Redis,
  data: Omit<SessionData, 'createdAt' | 'expiresAt'>,
  ttlSeconds: number,
  now: Date = new Date(),
): Promise<{ id: string; session: SessionData }> {
  const id = randomBytes(32).toString('base64url');
  const session: SessionData = {
    ...data,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
  };
  await viaRedis(() => redis.set(key(id), JSON.stringify(session), 'EX', ttlSeconds));
  return { id, session };
}

export async function readSession(redis: Redis, id: string | undefined): Promise<SessionData | undefined> {
  if (!id || !ID.test(id)) return undefined;
  const stored = await viaRedis(() => redis.get(key(id)));
  return stored ? (JSON.parse(stored) as SessionData) : undefined;
}

export async function destroySession(redis: Redis, id: string | undefined): Promise<SessionData | undefined> {
  if (!id || !ID.test(id)) return undefined;
  const stored = await viaRedis(() => redis.getdel(key(id)));
  return stored ? (JSON.parse(stored) as SessionData) : undefined;
}
