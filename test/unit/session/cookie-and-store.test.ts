import { createHash, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, deleteKeysWithPrefix } from '../../../src/redis/index.js';
import {
  clearedSessionCookie,
  createSession,
  destroySession,
  readSession,
  SESSION_COOKIE,
  sessionCookie,
  sessionIdFrom,
} from '../../../src/session/index.js';

describe('session cookie', () => {
  it('sets the id with the __Host- attributes and the given lifetime', () => {
    expect(sessionCookie('abc', 3600)).toBe(
      '__Host-roster_session=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('clears with the same attributes, so the browser replaces the same cookie', () => {
    const attributes = (cookie: string) =>
      cookie
        .split('; ')
        .slice(1)
        .filter((a) => !a.startsWith('Max-Age'));
    expect(clearedSessionCookie()).toMatch(/^__Host-roster_session=; .*Max-Age=0;/);
    expect(attributes(clearedSessionCookie())).toEqual(attributes(sessionCookie('x', 60)));
  });

  it.each([
    [`${SESSION_COOKIE}=abc`, 'abc'],
    [`theme=dark; ${SESSION_COOKIE}=abc; lang=en`, 'abc'],
    [`theme=dark;${SESSION_COOKIE}= abc `, 'abc'],
    [`${SESSION_COOKIE}=a=b`, 'a=b'], // only the first = separates the name
    [`${SESSION_COOKIE}=first; ${SESSION_COOKIE}=second`, 'first'],
  ])('reads the id from %j', (header, id) => {
    expect(sessionIdFrom(header)).toBe(id);
  });

  it.each([
    undefined,
    '',
    'roster_session=abc', // without the __Host- prefix: a cookie any subdomain could have set
    `x${SESSION_COOKIE}=abc`,
    `=${SESSION_COOKIE}`,
    SESSION_COOKIE,
  ])('finds no session id in %j', (header) => {
    expect(sessionIdFrom(header)).toBeUndefined();
  });
});

describe('session store (real Redis, own prefix)', () => {
  const prefix = `roster-unit-session:${randomUUID()}:`;
  const redis = createRedis('redis://127.0.0.1:6379', prefix);
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  const data = { tenantId: 'acme', userId: 'u1', nameId: 'ada@acme.test', issuer: 'https://idp.acme.test' };

  it('opens a session with a fresh 256-bit id and stamps its times from now and the lifetime', async () => {
    const now = new Date('2027-03-01T10:00:00Z');
    const first = await createSession(redis, data, 900, now);
    const second = await createSession(redis, data, 900, now);
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.id).not.toBe(second.id);
    expect(first.session).toEqual({
      ...data,
      createdAt: '2027-03-01T10:00:00.000Z',
      expiresAt: '2027-03-01T10:15:00.000Z',
    });
    expect(await readSession(redis, first.id)).toEqual(first.session);
  });

  it('keeps only the hash of the id in Redis, expiring with the session', async () => {
    const { id } = await createSession(redis, data, 120);
    const hashedKey = `session:${createHash('sha256').update(id).digest('hex')}`;
    const ttl = await redis.ttl(hashedKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await redis.exists(`session:${id}`)).toBe(0);
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 1000);
    expect(keys.some((k) => k.includes(id))).toBe(false);
  });

  it('ends a session once: the first destroy returns it, later reads and destroys find nothing', async () => {
    const { id, session } = await createSession(redis, data, 60);
    expect(await destroySession(redis, id)).toEqual(session);
    expect(await readSession(redis, id)).toBeUndefined();
    expect(await destroySession(redis, id)).toBeUndefined();
  });

  it.each([undefined, '', 'short', `${'a'.repeat(43)}x`, `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`])(
    'answers no session for a malformed id %j',
    async (id) => {
      expect(await readSession(redis, id)).toBeUndefined();
      expect(await destroySession(redis, id)).toBeUndefined();
    },
  );

  it('answers no session for a well-formed id it never issued', async () => {
    expect(await readSession(redis, 'A'.repeat(43))).toBeUndefined();
  });
});
