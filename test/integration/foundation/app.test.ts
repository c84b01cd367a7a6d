import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('HTTP service basics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('echoes a well-formed X-Request-Id and mints one otherwise', async () => {
    const given = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'lb-1234' } });
    expect(given.headers.get('x-request-id')).toBe('lb-1234');
    const hostile = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'not a valid id; <script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown path with problem+json carrying the request id', async () => {
    const response = await fetch(`${server.url}/no/such/thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await response.json();
    expect(body).toMatchObject({ status: 404, code: 'not_found', requestId: response.headers.get('x-request-id') });
  });

  it('sets security headers', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('exposes Prometheus metrics by route pattern', async () => {
    await fetch(`${server.url}/healthz`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/roster_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toContain('roster_process_cpu_seconds_total');
  });
});

describe('/readyz when the store is gone', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers 503 naming the store while Redis still answers, and /healthz stays 200', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await server.store.close(); // the running app's store: every query now fails
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'not ready', checks: { redis: 'ok' } });
    expect(body.checks.store).toMatch(/^unavailable: /);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
