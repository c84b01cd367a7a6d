import { randomUUID } from 'node:crypto';
import { Redis as RawRedis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RosterError } from '../../../src/errors/index.js';
import {
  createRedis,
  deleteKeysWithPrefix,
  isRedisOutage,
  REDIS_RETRY_AFTER_SECONDS,
  redisUnavailable,
  retryAfterOf,
  viaRedis,
} from '../../../src/redis/index.js';
import { freePort } from '../../helpers/ports.js';

const URL = 'redis://127.0.0.1:6379';

describe('createRedis key prefix (real Redis)', () => {
  const prefix = `roster-unit-redis:${randomUUID()}:`;
  const other = `roster-unit-redis:${randomUUID()}:`;
  const mine = createRedis(URL, prefix);
  const theirs = createRedis(URL, other);
  const raw = new RawRedis(URL);
  afterAll(async () => {
    await deleteKeysWithPrefix(mine, prefix);
    await deleteKeysWithPrefix(theirs, other);
    await Promise.all([mine.quit(), theirs.quit(), raw.quit()]);
  });

  it('stores every key under the prefix, so two prefixes never see each other', async () => {
    await mine.set('quota:acme', '1');
    await theirs.set('quota:acme', '2');
    expect(await raw.get(`${prefix}quota:acme`)).toBe('1');
    expect(await raw.get('quota:acme')).toBeNull();
    expect([await mine.get('quota:acme'), await theirs.get('quota:acme')]).toEqual(['1', '2']);
  });

  it('deletes every key of its own prefix, more than one SCAN page, and none of another', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => `k:${i}`);
    await mine.mset(...many.flatMap((k) => [k, 'v']));
    await theirs.set('kept', 'v');
    await deleteKeysWithPrefix(mine, prefix);
    const [, left] = await raw.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 10_000);
    expect(left).toEqual([]);
    expect(await mine.exists(...many.slice(0, 3))).toBe(0);
    expect(await theirs.get('kept')).toBe('v');
  });

  it('deleting under a prefix with no keys is a no-op', async () => {
    await expect(deleteKeysWithPrefix(mine, prefix)).resolves.toBeUndefined();
  });
});

describe('Redis outages', () => {
  it('tells an outage (no answer) from a reply error (Redis refused the command) and from our own errors', async () => {
    const prefix = `roster-unit-redis:${randomUUID()}:`;
    const client = createRedis(URL, prefix);
    try {
      await client.set('text', 'abc');
      const reply = await client.incr('text').catch((e: unknown) => e);
      expect((reply as Error).name).toBe('ReplyError');
      expect(isRedisOutage(reply)).toBe(false);
      await expect(viaRedis(() => client.incr('text'))).rejects.toMatchObject({ name: 'ReplyError' });
      expect(isRedisOutage(new RosterError('forbidden', 'no'))).toBe(false);
      expect(isRedisOutage('connection lost')).toBe(false);
      expect(isRedisOutage(new Error('Connection is closed.'))).toBe(true);
    } finally {
      await deleteKeysWithPrefix(client, prefix);
      await client.quit();
    }
  });

  it('turns a Redis that is not there into a 503 with a retry hint', async () => {
    const client = createRedis(`redis://127.0.0.1:${await freePort()}`, 'roster-unit-redis-down:');
    client.on('error', () => {}); // the reconnect loop reports each refusal
    try {
      const error = await viaRedis(() => client.get('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RosterError);
      const roster = error as RosterError;
      expect([roster.code, roster.status, roster.expose]).toEqual(['unavailable', 503, true]);
      expect(retryAfterOf(roster)).toBe(REDIS_RETRY_AFTER_SECONDS);
    } finally {
      client.disconnect();
    }
  });

  it('passes through what work returns', async () => {
    await expect(viaRedis(async () => 42)).resolves.toBe(42);
  });

  it('asks for whole seconds, and nothing when no positive hint is given', () => {
    expect(retryAfterOf(redisUnavailable(new Error('x')))).toBe(2);
    const hint = (value: unknown) => new RosterError('rate_limited', 'x', { details: { retryAfterSeconds: value } });
    expect(retryAfterOf(hint(0.2))).toBe(1);
    expect(retryAfterOf(hint(0))).toBeUndefined();
    expect(retryAfterOf(hint(-5))).toBeUndefined();
    expect(retryAfterOf(hint('3'))).toBeUndefined();
    expect(retryAfterOf(new RosterError('rate_limited', 'x'))).toBeUndefined();
  });
});
