import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDoc } from '../../../src/people/index.js';
import { createGroupOk, createUserOk, ENTERPRISE, oktaUser, startScim, USER, type ScimHarness } from './scim-client.js';

// /Users: RFC 7644 §3.3 (POST), §3.4.1 (GET), §3.5.1 (PUT), §3.6 (DELETE); RFC 7643 §4.1, §4.3.

/** Microsoft Entra ID's create request, from its SCIM endpoint tutorial. */
const ENTRA_CREATE = {
  schemas: [USER, ENTERPRISE],
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
  active: true,
  emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
};

describe('SCIM /Users', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  it("POST answers 201, Location = meta.location and ETag = meta.version (Entra's create)", async () => {
    const response = await h.call('POST', '/Users', ENTRA_CREATE);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const body = response.body;
    expect(body).toMatchObject({
      schemas: [USER],
      userName: ENTRA_CREATE.userName,
      externalId: ENTRA_CREATE.externalId,
      active: true,
      name: ENTRA_CREATE.name,
      emails: ENTRA_CREATE.emails,
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.meta).toMatchObject({ resourceType: 'User', location: `${h.base}/Users/${body.id}`, version: 'W/"1"' });
    expect(body.meta.created).toBe(body.meta.lastModified);
    expect(response.headers.get('location')).toBe(body.meta.location);
    expect(response.headers.get('etag')).toBe(body.meta.version);
    expect(body).not.toHaveProperty('roles');
  });

  it("POST accepts Okta's create, ignores read-only groups and never stores or returns the password", async () => {
    const response = await h.call('POST', '/Users', oktaUser('okta.user@acme.example'));
    expect(response.status).toBe(201);
    expect(response.body).not.toHaveProperty('password');
    expect(response.body).not.toHaveProperty('groups');
    const stored = await h.server.store.collection<UserDoc>('users').findOne({ _id: response.body.id });
    expect(JSON.stringify(stored)).not.toContain('1mz050nq');
  });

  it('POST keeps the enterprise extension and answers it under its URN', async () => {
    const manager = await createUserOk(h, 'boss@acme.example');
    const response = await h.call('POST', '/Users', {
      ...oktaUser('report@acme.example'),
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: {
        employeeNumber: '701984',
        costCenter: '4130',
        organization: 'Universal Studios',
        division: 'Theme Park',
        department: 'Tour Operations',
        manager: { value: manager, displayName: 'ignored' },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.schemas).toEqual([USER, ENTERPRISE]);
    expect(response.body[ENTERPRISE]).toEqual({
      employeeNumber: '701984',
      costCenter: '4130',
      organization: 'Universal Studios',
      division: 'Theme Park',
      department: 'Tour Operations',
      manager: { value: manager, $ref: `${h.base}/Users/${manager}` },
    });
  });

  it('POST answers 409 uniqueness when the userName differs only in case', async () => {
    await createUserOk(h, 'Case.User@acme.example');
    const response = await h.call('POST', '/Users', oktaUser('CASE.USER@ACME.EXAMPLE'));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('GET /Users/{id} answers the user with its ETag; an unknown id is a 404 SCIM error', async () => {
    const id = await createUserOk(h, 'get.me@acme.example');
    const response = await h.call('GET', `/Users/${id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, userName: 'get.me@acme.example' });
    expect(response.headers.get('etag')).toBe('W/"1"');
    const missing = await h.call('GET', '/Users/00000000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  });

  it("PUT replaces the profile as Okta's profile push sends it, bumping the version and lastModified", async () => {
    const created = await h.call('POST', '/Users', oktaUser('put.me@acme.example', { title: 'Old title' }));
    const id = created.body.id;
    const response = await h.call('PUT', `/Users/${id}`, {
      schemas: [USER],
      id,
      userName: 'put.me@acme.example',
      name: { givenName: 'Another', middleName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'put.me@acme.example', type: 'work' }],
      displayName: 'Another Test User',
      locale: 'en-US',
      externalId: '00u1dhhb1fkIGP7RL1d8',
      groups: [],
      password: 'x',
      active: true,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      displayName: 'Another Test User',
      name: { givenName: 'Another', middleName: 'Test', familyName: 'User' },
      meta: { version: 'W/"2"' },
    });
    expect(response.body).not.toHaveProperty('title');
    expect(response.body.meta.created).toBe(created.body.meta.created);
    expect(response.body.meta.lastModified >= created.body.meta.lastModified).toBe(true);
  });

  it('PUT without active keeps the current value instead of reactivating', async () => {
    const id = await createUserOk(h, 'inactive.put@acme.example', { active: false });
    const { active: _, ...body } = oktaUser('inactive.put@acme.example');
    const response = await h.call('PUT', `/Users/${id}`, body);
    expect(response.body.active).toBe(false);
  });

  it('DELETE answers 204, then the user is a 404 and its memberships are gone', async () => {
    const id = await createUserOk(h, 'delete.me@acme.example');
    const groupId = await createGroupOk(h, 'Doomed membership', [id]);
    expect((await h.call('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/Users/${id}`)).status).toBe(404);
    expect((await h.call('DELETE', `/Users/${id}`)).status).toBe(404);
    expect(await h.server.store.collection('memberships').countDocuments({ userId: id })).toBe(0);
    const group = await h.call('GET', `/Groups/${groupId}`);
    expect(group.body.members).toEqual([]);
    expect(group.body.meta.version).toBe('W/"2"');
  });

  it("shows a user's groups (read-only, derived from memberships)", async () => {
    const id = await createUserOk(h, 'member@acme.example');
    const groupId = await createGroupOk(h, 'Engineering', [id]);
    const response = await h.call('GET', `/Users/${id}`);
    expect(response.body.groups).toEqual([
      { value: groupId, $ref: `${h.base}/Groups/${groupId}`, display: 'Engineering', type: 'direct' },
    ]);
  });

  it('writes user.created with the user, in the outbox and the audit trail', async () => {
    const id = await createUserOk(h, 'evented@acme.example');
    const events = await h.server.store.collection('outbox').find({ tenantId: h.tenant, subject: id });
    expect(events.map((e) => e.type)).toContain('user.created');
    const audit = await h.server.store.collection('auditEvents').find({ tenantId: h.tenant, 'target.id': id });
    expect(audit[0]).toMatchObject({ action: 'user.created', actor: { type: 'scim_token' }, outcome: 'success' });
  });
});
