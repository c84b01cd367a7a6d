import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP, startScim, USER, type ScimHarness } from './scim-client.js';

// RFC 7644 §3.3: a create answers 201 with a Location header naming the new resource (the same
// URI as meta.location). Roster's routes do; scimmy-routers, which Roster does not mount, does
// not (it also sets resource base paths in module-level state on every request, so tenants would
// race, and it parses the body before authenticating).

describe('Roster: Location on 201', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  it.each([
    ['Users', { schemas: [USER], userName: 'bob@example.com' }],
    ['Groups', { schemas: [GROUP], displayName: 'Located' }],
  ])('POST /%s answers 201 with a Location header equal to meta.location', async (kind, body) => {
    const response = await h.call('POST', `/${kind}`, body);
    expect(response.status).toBe(201);
    expect(response.body.meta.location).toBe(`${h.base}/${kind}/${response.body.id}`);
    expect(response.headers.get('location')).toBe(response.body.meta.location);
    expect(
      (await fetch(response.headers.get('location')!, { headers: { authorization: `Bearer ${h.token}` } })).status,
    ).toBe(200);
  });
});

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
