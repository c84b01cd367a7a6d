import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import type { DomainDeps } from '../../src/domain/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createRuntime } from '../../src/runtime.js';

/** A directory on a fresh embedded store in a temporary folder; `close()` removes it. */
export async function tempDirectory(
  now?: () => Date,
): Promise<DomainDeps & { dataDir: string; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-store-'));
  const config = loadConfig({}, { ROSTER_DATA_DIR: dataDir, ROSTER_AUDIT_RETENTION_DAYS: '90' });
  const runtime = await createRuntime(config, createLogger('silent'), { ttlSweepSeconds: 0, now });
  return {
    ...runtime.domain,
    dataDir,
    async close() {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
