import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startServe } from '../../helpers/cli.js';

// `roster serve` writes its log lines to stdout synchronously (src/cli/context.ts serverLogger),
// and a request's line before its response leaves (src/logging/request-logger.ts): a SIGKILL
// right after the last answer loses none of them.

describe('roster serve killed with SIGKILL', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-crash-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('has written the line of every request it answered', async () => {
    const env = {
      ROSTER_DATA_DIR: dataDir,
      MONGODB_URI: '',
      ROSTER_LOG_LEVEL: 'info',
      ROSTER_REDIS_PREFIX: `roster-crash-test:${process.pid}:${Date.now()}:`,
    };
    const served = await startServe(env, await freePort());
    const N = 40;
    for (let i = 0; i < N; i++) {
      const response = await fetch(`${served.url}/healthz?n=${i}`);
      await response.text();
      expect(response.status).toBe(200);
    }
    const exited = once(served.child, 'exit');
    served.child.kill('SIGKILL');
    await exited;
    const lines = served
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"request completed"') && l.includes('/healthz?n='));
    expect(lines).toHaveLength(N);
  });
});
