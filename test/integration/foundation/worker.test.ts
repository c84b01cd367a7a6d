import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { jobsWaiting } from '../../helpers/queue-events.js';

// Each test runs `roster` as child processes, each loading the TypeScript sources: on a loaded
// 2-core machine one takes several seconds, so these tests get more than vitest.config.ts's 30 s.
const CHILD_PROCESSES = { timeout: 120_000 };

describe('roster worker', CHILD_PROCESSES, () => {
  let dataDir: string;
  let prefix: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-worker-'));
    prefix = `roster-worker-test:${randomUUID()}:`;
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '', ROSTER_REDIS_PREFIX: prefix };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('relays what the CLI committed into the events queue, then stops cleanly on SIGTERM', async () => {
    await runCli(['tenant', 'create', 'acme'], env);
    await runCli(['token', 'create', 'acme'], env);
    const worker = spawn(process.execPath, ['bin/roster.js', 'worker'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, ROSTER_LOG_LEVEL: 'info' },
    });
    const connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue('roster-events', { connection, prefix: `${prefix}bull` });
    try {
      await jobsWaiting('roster-events', `${prefix}bull`, 3);
      // The sync consumer (workers/sync/events.ts) may already have taken them: any state counts.
      const names = (await queue.getJobs(['waiting', 'active', 'completed', 'failed'])).map((j) => j.name).sort();
      // tenant.created, its starting preset (access_policy.updated), then the token.
      expect(names).toEqual(['access_policy.updated', 'scim_token.created', 'tenant.created']);
      worker.kill('SIGTERM');
      const [code] = await once(worker, 'exit');
      expect(code).toBe(0);
    } finally {
      worker.kill('SIGKILL');
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });

  it('stops cleanly on a SIGTERM that arrives while it is still starting', async () => {
    const worker = spawn(process.execPath, ['bin/roster.js', 'worker'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, ROSTER_LOG_LEVEL: 'info' },
    });
    let stderr = '';
    worker.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    try {
      // The relay is up, the sync workers, heartbeat and SIEM delivery are not yet.
      while (!stderr.includes('outbox relay started')) await once(worker.stderr, 'data');
      worker.kill('SIGTERM');
      const [code, signal] = await once(worker, 'exit');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      worker.kill('SIGKILL');
      const connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
      for (const name of ['roster-events', 'roster-sync']) {
        const queue = new Queue(name, { connection, prefix: `${prefix}bull` });
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await connection.quit();
    }
  });
});
