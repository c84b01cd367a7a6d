import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimConnector, scimConfigSchema } from '../../../../workers/sync/connectors/scim.js';
import { closedPortUrl, startHttpDouble, type HttpDouble } from '../../../helpers/sync/http-double.js';

// How target answers reach the engine, over real HTTP: the SCIM connector's findUser against a
// double whose answer is chosen by the userName asked for.

const TOKEN = 'bearer-secret-123';
const answers: Record<string, { status: number; headers?: Record<string, string>; body?: unknown }> = {
  throttled: { status: 429, headers: { 'retry-after': '2' }, body: { detail: 'slow down' } },
  down: { status: 503, body: { detail: 'maintenance' } },
  unauthorized: { status: 401, body: { detail: `bad token ${TOKEN}` } },
  invalid: { status: 400, body: { scimType: 'invalidFilter', detail: 'bad filter' } },
  broken: { status: 500, body: { detail: 'oops' } },
};

describe('error classification over HTTP', () => {
  let double: HttpDouble;
  beforeAll(async () => {
    double = await startHttpDouble((req) => {
      if (req.url.startsWith('/ServiceProviderConfig')) return { status: 200, body: { patch: { supported: true } } };
      const filter = new URL(req.url, 'http://x').searchParams.get('filter') ?? '';
      const key = /"(\w+)@/.exec(filter)?.[1] ?? '';
      // "silent" never answers: the connector's own timeout has to end the call.
      if (key === 'silent') return new Promise(() => undefined);
      return answers[key] ?? { status: 200, body: { Resources: [] } };
    });
  });
  afterAll(() => double.close());

  const find = (baseUrl: string, name: string, timeoutMs = 5000) =>
    createScimConnector(scimConfigSchema.parse({ baseUrl, auth: { type: 'bearer', token: TOKEN }, timeoutMs }), {
      tenantId: 't',
      connectorId: 'c',
    })
      .findUser({ id: 'r', userName: `${name}@acme.example`, active: true })
      .catch((e: unknown) => e);

  it('429 with Retry-After: 2 is rate_limited with 2000 ms', async () => {
    expect(await find(double.url, 'throttled')).toMatchObject({
      class: 'rate_limited',
      status: 429,
      retryAfterMs: 2000,
    });
  });

  it('503 and 500 are transient', async () => {
    expect(await find(double.url, 'down')).toMatchObject({ class: 'transient', status: 503 });
    expect(await find(double.url, 'broken')).toMatchObject({ class: 'transient', status: 500 });
  });

  it('401 is auth, and the detail never shows the token even when the target echoes it', async () => {
    const error = await find(double.url, 'unauthorized');
    expect(error).toMatchObject({ class: 'auth', status: 401 });
    expect((error as { detail: string }).detail).toContain('[redacted]');
    expect((error as { detail: string }).detail).not.toContain(TOKEN);
  });

  it('400 is permanent, with the target answer as detail', async () => {
    expect(await find(double.url, 'invalid')).toMatchObject({
      class: 'permanent',
      status: 400,
      detail: expect.stringContaining('invalidFilter'),
    });
  });

  it('connection refused is transient', async () => {
    expect(await find(await closedPortUrl(), 'anyone')).toMatchObject({ class: 'transient', status: undefined });
  });

  it('a target that does not answer within the timeout is transient', async () => {
    expect(await find(double.url, 'silent', 300)).toMatchObject({ class: 'transient', status: undefined });
  });
});
