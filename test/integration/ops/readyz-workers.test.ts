import { afterEach, describe, expect, it } from 'vitest';
import { startHeartbeat } from '../../../src/queue/index.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// /readyz reports the worker heartbeat (src/queue/heartbeat.ts) next to the store and Redis, and
// fails readiness on it only when required (ROSTER_READYZ_WORKERS=require, or workers in-process).

describe('/readyz and the worker heartbeat', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  const ready = async () => {
    const answer = await fetch(`${server!.url}/readyz`);
    return { status: answer.status, body: await answer.json() };
  };

  it('reports a missing heartbeat without failing readiness by default', async () => {
    server = await startTestServer();
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { store: 'ok', redis: 'ok', workers: 'no worker heartbeat within 20 s' } },
    });
  });

  it('fails readiness without a heartbeat when workers are required, and passes once one beats', async () => {
    server = await startTestServer({ ROSTER_READYZ_WORKERS: 'require' });
    const before = await ready();
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({ status: 'not ready', checks: { workers: 'no worker heartbeat within 20 s' } });
    const heartbeat = startHeartbeat(server.redis, () => undefined);
    try {
      let after = await ready();
      for (let i = 0; i < 50 && after.status !== 200; i++) after = await ready();
      expect(after).toEqual({
        status: 200,
        body: { status: 'ready', checks: { store: 'ok', redis: 'ok', workers: 'ok' } },
      });
    } finally {
      await heartbeat.stop();
    }
  });
});
