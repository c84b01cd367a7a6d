import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../../src/store/index.js';

// The embedded engine checkpoints its WAL on a thread of its own (src/store/embedded/checkpointer.ts):
// committed pages reach the database file without any commit running the checkpoint.

const users = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ _id: `u${i}`, tenantId: 't1', userName: `u${i}`, userNameLower: `u${i}` }));

/** The database file's size once it differs from `before`, or after `ms` without a change. */
async function sizeChange(file: string, before: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  // A background thread cannot be awaited from here: poll its effect, with a deadline.
  while (statSync(file).size === before && Date.now() < until) await delay(20);
  return statSync(file).size;
}

describe('embedded WAL checkpoints', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'roster-checkpoint-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('copies committed pages into the database file in the background', async () => {
    const store = openEmbeddedStore({ dataDir: dir, ttlSweepSeconds: 0, checkpointMs: 20 });
    try {
      await store.migrate();
      const before = statSync(store.file).size;
      await store.withTransaction((tx) => tx.collection('users').insertMany(users(200)));
      expect(await sizeChange(store.file, before, 5000)).toBeGreaterThan(before);
      expect(await store.collection('users').countDocuments({ tenantId: 't1' })).toBe(200);
    } finally {
      await store.close();
    }
  });

  it('leaves a small WAL alone without the thread (SQLite checkpoints past 1,000 pages)', async () => {
    const store = openEmbeddedStore({ dataDir: dir, ttlSweepSeconds: 0, checkpointMs: 0 });
    try {
      await store.migrate();
      const before = statSync(store.file).size;
      await store.withTransaction((tx) => tx.collection('users').insertMany(users(200)));
      expect(await sizeChange(store.file, before, 300)).toBe(before);
    } finally {
      await store.close();
    }
  });
});
