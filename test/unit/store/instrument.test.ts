import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrumentStore, openEmbeddedStore, type Store } from '../../../src/store/index.js';

// instrumentStore (src/store/instrument.ts) times each collection call, inside transactions too,
// and leaves results unchanged.

describe('instrumentStore', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'roster-instrument-'));
    store = openEmbeddedStore({ dataDir: dir, ttlSweepSeconds: 0 });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports collection, operation and a duration for each call, and returns what the engine returns', async () => {
    const seen: [string, string, number][] = [];
    const timed = instrumentStore(store, (c, op, s) => seen.push([c, op, s]));
    await timed.withTransaction((tx) => tx.collection('tenants').insertOne({ _id: 't1', name: 'T' }));
    const found = await timed.collection('tenants').findOne({ _id: 't1' });
    expect(found).toMatchObject({ _id: 't1', name: 'T' });
    expect(timed.engine).toBe('embedded');
    expect(seen.map(([c, op]) => `${c}.${op}`)).toEqual(['tenants.insertOne', 'tenants.findOne']);
    expect(seen.every(([, , s]) => s >= 0)).toBe(true);
  });

  it("passes the engine's commit stamp through, so caches it guards still see nothing changed", async () => {
    const timed = instrumentStore(store, () => undefined);
    const before = timed.commitStamp?.();
    expect(before).toBe(store.commitStamp?.());
    await timed.collection('tenants').insertOne({ _id: 't1', name: 'T' });
    expect(timed.commitStamp?.()).not.toBe(before);
    expect(timed.commitStamp?.()).toBe(store.commitStamp?.());
  });
});
