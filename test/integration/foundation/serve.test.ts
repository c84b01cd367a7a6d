import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, runCli, startServe } from '../../helpers/cli.js';

describe('roster serve', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-serve-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '', ROSTER_REDIS_PREFIX: `roster-serve-test:${process.pid}:` };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
    const served = await startServe(env, await freePort());
    const health = await fetch(`${served.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await (await fetch(`${served.url}/readyz`)).json();
    // No worker runs here: the heartbeat is reported without failing readiness (ROSTER_READYZ_WORKERS=report).
    expect(ready).toEqual({
      status: 'ready',
      checks: { store: 'ok', redis: 'ok', workers: 'no worker heartbeat within 20 s' },
    });
    expect(await served.stop()).toBe(0);
  });

  it('keeps tenants and tokens across a restart', async () => {
    const port = await freePort();
    let served = await startServe(env, port);
    await runCli(['tenant', 'create', 'acme'], env);
    const token = (await runCli(['token', 'create', 'acme', '--name', 'entra'], env)).stdout.trim();
    expect(await served.stop()).toBe(0);
    served = await startServe(env, port);
    expect((await runCli(['tenant', 'list'], env)).stdout).toMatch(/^acme\tfree\tacme/m);
    expect((await runCli(['token', 'list', 'acme'], env)).stdout).toMatch(/active\tentra/);
    expect(token).toMatch(/^rst_scim_/);
    expect(await served.stop()).toBe(0);
  });

  it('answers /readyz 503 naming Redis when Redis does not answer', async () => {
    const port = await freePort();
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const { spawn } = await import('node:child_process');
    const { REPO_ROOT } = await import('../../helpers/cli.js');
    const child = spawn(process.execPath, ['bin/roster.js', 'serve'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, ROSTER_PORT: String(port), ROSTER_HOST: '127.0.0.1', REDIS_URL: deadRedis },
    });
    try {
      let response: Response | undefined;
      for (let i = 0; i < 100 && !response; i++) {
        response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (!response) await new Promise((r) => setTimeout(r, 100));
      }
      expect(response!.status).toBe(503);
      const body = await response!.json();
      expect(body.checks.store).toBe('ok');
      expect(body.checks.redis).toMatch(/^unavailable/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('never writes a bearer token to its logs', async () => {
    const served = await startServe({ ...env, ROSTER_LOG_LEVEL: 'info' }, await freePort());
    const secret = 'rst_scim_thisMustNeverAppearInALogLine0000000000000';
    await fetch(`${served.url}/healthz`, { headers: { authorization: `Bearer ${secret}` } });
    await fetch(`${served.url}/nope`, { headers: { authorization: `Bearer ${secret}` } });
    await served.stop();
    expect(served.output()).toContain('request completed');
    expect(served.output()).not.toContain(secret);
  });

  it('finishes a request in flight when asked to stop', async () => {
    const served = await startServe(env, await freePort());
    const { port } = new URL(served.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    // Half a request: the server has a request in flight that it must not cut off.
    socket.write('GET /healthz HTTP/1.1\r\nHost: roster\r\n');
    // The server cannot tell us it has read those bytes; give its event loop a moment to.
    await new Promise((r) => setTimeout(r, 300));
    const stopped = served.stop();
    await new Promise((r) => setTimeout(r, 300));
    socket.end('Connection: close\r\n\r\n');
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1.1 200 OK/);
    expect(await stopped).toBe(0);
  });
});
