import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, killLeftoverServes, runCli, spawnServe, startServe, untilRefused } from '../../helpers/cli.js';

// Each test runs `roster` as child processes, each loading the TypeScript sources: on a loaded
// 2-core machine one takes several seconds, so these tests get more than vitest.config.ts's 30 s.
const CHILD_PROCESSES = { timeout: 120_000 };

describe('roster serve', CHILD_PROCESSES, () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-serve-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '', ROSTER_REDIS_PREFIX: `roster-serve-test:${process.pid}:` };
  });
  afterEach(async () => {
    killLeftoverServes();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
    const served = await startServe(env, await freePort());
    const health = await fetch(`${served.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await (await fetch(`${served.url}/readyz`)).json();
    // On the embedded default serve runs the workers itself, so readiness includes their heartbeat.
    expect(ready).toEqual({ status: 'ready', checks: { store: 'ok', redis: 'ok', workers: 'ok' } });
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
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const served = await spawnServe({ ...env, REDIS_URL: deadRedis }, await freePort());
    try {
      const response = await fetch(`${served.url}/readyz`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.checks.store).toBe('ok');
      expect(body.checks.redis).toMatch(/^unavailable/);
    } finally {
      served.child.kill('SIGTERM');
      await once(served.child, 'exit');
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
    const port = Number(new URL(served.url).port);
    const request = await requestInFlight(port);
    const stopped = served.stop();
    await untilRefused(port); // SIGTERM arrived: the server no longer accepts connections
    request.socket.end('{}');
    await once(request.socket, 'close');
    expect(request.answer()).toMatch(/^HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 204 No Content\r\n/);
    expect(await stopped).toBe(0);
  });

  it('cuts a request still in flight after ROSTER_SHUTDOWN_TIMEOUT_MS and exits 0', async () => {
    const bound = 1000;
    const served = await startServe({ ...env, ROSTER_SHUTDOWN_TIMEOUT_MS: String(bound) }, await freePort());
    const port = Number(new URL(served.url).port);
    const request = await requestInFlight(port); // its body never comes
    const cut = once(request.socket, 'close');
    const stopped = served.stop();
    // Far short of the default bound (10 s, config/defaults.ts): only the configured one ends this.
    const deadline = new Promise<'still running'>((resolve) =>
      setTimeout(resolve, bound + 8000, 'still running').unref(),
    );
    const outcome = await Promise.race([stopped, deadline]);
    if (outcome === 'still running') served.child.kill('SIGKILL');
    expect(outcome).toBe(0);
    await cut;
    expect(request.answer()).toBe('HTTP/1.1 100 Continue\r\n\r\n'); // no response: the request was cut
    expect(served.output()).toContain('"msg":"roster stopped"');
  });
});

/**
 * A request the server is handling: a POST whose headers it has parsed (it says so with
 * `100 Continue`, RFC 9110 §10.1.1) and whose two-byte JSON body the client holds back.
 */
async function requestInFlight(port: number): Promise<{ socket: Socket; answer: () => string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.on('data', (d) => (answer += d));
  socket.write(
    'POST /v1/logout HTTP/1.1\r\nHost: roster\r\nContent-Type: application/json\r\nContent-Length: 2\r\n' +
      'Expect: 100-continue\r\nConnection: close\r\n\r\n',
  );
  while (!answer.includes('\r\n\r\n')) await once(socket, 'data');
  if (!answer.startsWith('HTTP/1.1 100 Continue')) throw new Error(`expected 100 Continue, got ${answer}`);
  return { socket, answer: () => answer };
}
