import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpCacheVersion, newId, nowIso, readCacheVersion } from '../../../src/domain/index.js';
import { tempDirectory } from '../../helpers/store.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId (UUID v7, RFC 9562 §5.7)', () => {
  it('is a version-7, variant-10 UUID carrying the creation millisecond', () => {
    const t = Date.UTC(2027, 0, 1);
    const id = newId(t);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
  });

  it('sorts by creation time as a plain string', () => {
    const times = [0, 1, 255, 256, 1_700_000_000_000, 1_700_000_000_001, 2 ** 48 - 1];
    const ids = times.map((t) => newId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is unique within one millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId(1_800_000_000_000)));
    expect(ids.size).toBe(10_000);
  });
});

describe('nowIso', () => {
  it("uses the deps' clock when there is one, the real clock otherwise", () => {
    expect(nowIso({ now: () => new Date('2027-05-06T07:08:09.010Z') })).toBe('2027-05-06T07:08:09.010Z');
    const before = Date.now();
    const real = Date.parse(nowIso({}));
    expect(real).toBeGreaterThanOrEqual(before);
    expect(real).toBeLessThanOrEqual(Date.now());
  });
});

describe('cache versions (embedded store)', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  beforeAll(async () => {
    deps = await tempDirectory();
  });
  afterAll(() => deps.close());

  it('reads 0 before any change, then counts each bump per tenant and scope', async () => {
    expect(await readCacheVersion(deps.store, 'acme', 'credentials')).toBe(0);
    await deps.store.withTransaction((tx) => bumpCacheVersion(tx, 'acme', 'credentials'));
    await deps.store.withTransaction((tx) => bumpCacheVersion(tx, 'acme', 'credentials'));
    await deps.store.withTransaction((tx) => bumpCacheVersion(tx, 'acme', 'policy'));
    expect(await readCacheVersion(deps.store, 'acme', 'credentials')).toBe(2);
    expect(await readCacheVersion(deps.store, 'acme', 'policy')).toBe(1);
    expect(await readCacheVersion(deps.store, 'globex', 'credentials')).toBe(0);
  });

  it('drops a bump whose transaction fails, with the change it belonged to', async () => {
    const before = await readCacheVersion(deps.store, 'initech', 'policy');
    await expect(
      deps.store.withTransaction(async (tx) => {
        await bumpCacheVersion(tx, 'initech', 'policy');
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await readCacheVersion(deps.store, 'initech', 'policy')).toBe(before);
  });
});
