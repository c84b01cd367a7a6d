import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Why Roster does not mount scimmy-routers: its POST answers 201 without the Location header that
// RFC 7644 §3.3 requires (Roster's is pinned in test/integration/scim/users.test.ts), it sets
// resource base paths in module-level state on every request (tenants would race), and it parses
// the body before authenticating.

describe('scimmy-routers, for comparison', () => {
  let url = '';
  let close: () => void = () => undefined;

  beforeAll(async () => {
    SCIMMY.Resources.declare(SCIMMY.Resources.User)
      .ingress((_resource, data) => ({ ...data, id: 'u1', meta: { created: new Date(), lastModified: new Date() } }))
      .egress(() => [])
      .degress(() => undefined);
    const app = express();
    app.use('/scim', new SCIMMYRouters({ type: 'bearer', handler: () => 'ok', context: () => ({}) }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('answers a create with 201 but no Location header', async () => {
    const response = await fetch(`${url}/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json', authorization: 'Bearer x' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bob' }),
    });
    expect(response.status).toBe(201);
    expect((await response.json()).meta.location).toMatch(/\/Users\/u1$/);
    expect(response.headers.get('location')).toBeNull();
  });
});
