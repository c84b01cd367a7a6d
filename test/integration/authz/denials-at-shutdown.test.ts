import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import type { AuditEventDoc, AuditInput } from '../../../src/audit/index.js';
import { createAuthzContext } from '../../../src/authz/index.js';
import { createLogger } from '../../../src/logging/index.js';
import { deleteKeysWithPrefix } from '../../../src/redis/index.js';
import { createRuntime } from '../../../src/runtime.js';

// Repeats of a denial are counted in memory and written a second later (src/audit/tally-buffer.ts);
// a graceful stop (SIGTERM: src/main.ts shutdown → runtime.close) writes them before the store closes.

const denial: AuditInput = {
  action: 'access.denied',
  actor: { type: 'api_key', id: 'k1' },
  outcome: 'denied',
  target: { type: 'permission', id: 'keys:manage' },
  details: { subject: 'u1', permission: 'keys:manage' },
};

describe('denial counts at shutdown', () => {
  it('are on disk after the runtime closes, repeats included', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-denials-'));
    const env = { ROSTER_DATA_DIR: dataDir, ROSTER_REDIS_PREFIX: `roster-denials:${randomUUID()}:`, ROSTER_PORT: '1' };
    const open = () => createRuntime(loadConfig({}, env), createLogger('silent'), { ttlSweepSeconds: 0 });
    const runtime = await open();
    try {
      const ctx = createAuthzContext(runtime);
      await ctx.denials.add('acme', [denial]); // the first: written before the caller goes on
      await ctx.denials.add('acme', [denial, denial]); // repeats: counted, written within flushMs
      await deleteKeysWithPrefix(runtime.redis, env.ROSTER_REDIS_PREFIX);
      await runtime.close();
      const after = await open();
      try {
        const rows = await after.store.collection<AuditEventDoc>('auditEvents').find({ tenantId: 'acme' });
        expect(rows.map((r) => r.count)).toEqual([3]);
      } finally {
        await after.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
