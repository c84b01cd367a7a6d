import { afterEach, describe, expect, it } from 'vitest';
import { createScimConnector, scimConfigSchema } from '../../../../workers/sync/connectors/scim.js';
import { startHttpDouble, type HttpDouble } from '../../../helpers/sync/http-double.js';

// OAuth 2.0 client credentials (RFC 6749 §4.4) in front of a SCIM target: one double plays both
// the token endpoint and the SCIM API, and can revoke the tokens it issued.

const SECRET = 'client-secret-value-9f8e';
const deps = { tenantId: 'src', connectorId: 'oauth' };
const list = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };

interface OAuthTarget extends HttpDouble {
  revokeAll(): void;
  tokenRequests(): HttpDouble['requests'];
}

async function startOAuthTarget(): Promise<OAuthTarget> {
  let issued = 0;
  const live = new Set<string>();
  const double = await startHttpDouble((req) => {
    if (req.url === '/token') {
      const expected = `Basic ${Buffer.from(`app-1:${SECRET}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
      const token = `at-${++issued}`;
      live.add(token);
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!live.has(token))
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        body: { detail: 'expired' },
      };
    if (req.url === '/scim/ServiceProviderConfig') return { status: 200, body: { patch: { supported: true } } };
    return { status: 200, body: list };
  });
  return Object.assign(double, {
    revokeAll: () => live.clear(),
    tokenRequests: () => double.requests.filter((r) => r.url === '/token'),
  });
}

describe('SCIM connector with OAuth client credentials', () => {
  let target: OAuthTarget;
  afterEach(() => target.close());

  const connect = (clientSecret = SECRET) =>
    createScimConnector(
      scimConfigSchema.parse({
        baseUrl: `${target.url}/scim`,
        auth: { type: 'oauth2', tokenUrl: `${target.url}/token`, clientId: 'app-1', clientSecret, scope: 'scim.write' },
      }),
      deps,
    );

  it('fetches one token with the scope and reuses it for later calls', async () => {
    target = await startOAuthTarget();
    const connector = connect();
    await connector.test();
    await Promise.all(
      [1, 2, 3].map((i) => connector.findUser({ id: `r${i}`, userName: `u${i}@acme.example`, active: true })),
    );
    expect(target.tokenRequests()).toHaveLength(1);
    const form = new URLSearchParams(target.tokenRequests()[0].body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('scim.write');
    expect(form.get('client_secret')).toBeNull();
  });

  it('fetches a new token once when the target answers 401, and the call succeeds', async () => {
    target = await startOAuthTarget();
    const connector = connect();
    await connector.test();
    target.revokeAll();
    await expect(connector.findUser({ id: 'r1', userName: 'a@acme.example', active: true })).resolves.toBeNull();
    expect(target.tokenRequests()).toHaveLength(2);
  });

  it('reports an auth error without the client secret when the token endpoint refuses the client', async () => {
    target = await startOAuthTarget();
    const error = await connect('wrong-secret')
      .test()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ class: 'auth', status: 401 });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('wrong-secret');
  });
});
