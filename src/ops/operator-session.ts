import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OperatorRole } from '../operators/index.js';
import type { Redis } from '../redis/index.js';

// Ops console sessions in Redis, shared by every API process. As for user sessions
// (src/session/session-store.ts) the cookie holds a random id and Redis only its SHA-256. Each
// session carries its own CSRF token (the synchronizer-token pattern, OWASP CSRF Prevention
// Cheat Sheet), put in every form the console renders and checked on every action.

export const OPS_COOKIE = '__Host-roster_ops';

export interface OperatorSession {
  keyId: string;
  name: string;
  roles: OperatorRole[];
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

const key = (id: string) => `ops-session:${createHash('sha256').update(id).digest('hex')}`;
const ID = /^[A-Za-z0-9_-]{43}$/;

export async function openOperatorSession(
  redis: Redis,
  operator: { keyId: string; name: string; roles: OperatorRole[] },
  ttlSeconds: number,
): Promise<{ id: string; session: OperatorSession }> {
  const id = randomBytes(32).toString('base64url');
  const now = Date.now();
  const session: OperatorSession = {
    ...operator,
    csrf: randomBytes(32).toString('base64url'),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
  };
  await redis.set(key(id), JSON.stringify(session), 'EX', ttlSeconds);
  return { id, session };
}

export async function readOperatorSession(redis: Redis, id: string | undefined): Promise<OperatorSession | undefined> {
  if (!id || !ID.test(id)) return undefined;
  const stored = await redis.get(key(id));
  return stored ? (JSON.parse(stored) as OperatorSession) : undefined;
}

export async function closeOperatorSession(redis: Redis, id: string | undefined): Promise<void> {
  if (id && ID.test(id)) await redis.del(key(id));
}

/** Constant-time check of a submitted CSRF token against the session's. */
export function csrfMatches(session: OperatorSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** SameSite=Strict: the console is never entered from another site's link with a session. */
export function opsCookie(id: string, maxAgeSeconds: number): string {
  return `${OPS_COOKIE}=${id}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

export function clearedOpsCookie(): string {
  return `${OPS_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}

export function opsSessionIdFrom(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === OPS_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** What an action did, shown once on the page the action redirects to (post/redirect/get). */
export interface Flash {
  ok: boolean;
  message: string;
}

const flashKey = (id: string) => `${key(id)}:flash`;

export async function setFlash(redis: Redis, id: string | undefined, flash: Flash): Promise<void> {
  if (id && ID.test(id)) await redis.set(flashKey(id), JSON.stringify(flash), 'EX', 60);
}

/** Read once: a reload no longer shows it. */
export async function takeFlash(redis: Redis, id: string | undefined): Promise<Flash | undefined> {
  if (!id || !ID.test(id)) return undefined;
  const stored = await redis.getdel(flashKey(id));
  return stored ? (JSON.parse(stored) as Flash) : undefined;
}
