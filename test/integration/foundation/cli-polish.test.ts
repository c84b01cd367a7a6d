import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, freePort, runCli, startServe } from '../../helpers/cli.js';

describe('roster CLI flags', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-flags-'));
    env = {
      ROSTER_DATA_DIR: dataDir,
      MONGODB_URI: '',
      ROSTER_REDIS_PREFIX: `roster-flags:${process.pid}:${Date.now()}:`,
    };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const result = await runCli(['--version'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('serves on the port and host given by --port and --host', async () => {
    const port = await freePort();
    const served = await startServe({ ...env, ROSTER_PORT: '1', ROSTER_HOST: '0.0.0.0' }, port, [
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ]);
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    expect(await served.stop()).toBe(0);
  });

  it('refuses a bad --port naming the flag', async () => {
    const result = await runCli(['serve', '--port', 'abc'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("option '--port <port>' argument 'abc' is invalid");
    expect(result.stderr).not.toContain('ROSTER_PORT');
  });

  it('refuses an --expires in the past, naming the flag, and creates nothing', async () => {
    await runCli(['tenant', 'create', 'acme'], env);
    const result = await runCli(['key', 'create', 'acme', '--expires', '2020-01-01T00:00:00Z'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("option '--expires <iso>'");
    expect(result.stderr).toContain('is in the past');
    expect(result.stderr).not.toContain('expiresAt');
    expect((await runCli(['key', 'list', 'acme'], env)).stdout.trim()).toBe('');
  });

  it('refuses an --expires that is not a date-time, naming the flag', async () => {
    const bad = await runCli(['token', 'create', 'acme', '--expires', 'tomorrow'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("option '--expires <iso>' argument 'tomorrow' is invalid");
    expect(bad.stderr).toContain('expected an ISO-8601 date-time');
  });

  it('says "an admin API key" in its help', async () => {
    const help = await runCli(['key', '--help'], env);
    expect(help.stdout).toContain('issue an admin API key');
    expect(help.stdout).not.toMatch(/\ba admin/);
  });
});
