import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRecorder } from '../../src/audit/index.js';
import type { DomainDeps } from '../../src/domain/index.js';
import { createStore } from '../../src/store/index.js';

/** A directory on a fresh embedded store in a temporary folder; `close()` removes it. */
export async function tempDirectory(
  now?: () => Date,
): Promise<DomainDeps & { dataDir: string; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-store-'));
  const store = await createStore({ dataDir, ttlSweepSeconds: 0 });
  return {
    dataDir,
    store,
    recorder: createRecorder({ auditRetentionDays: 90, now }),
    now,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
