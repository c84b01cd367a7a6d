import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTERPRISE, GROUP, LIST, startScim, USER, type ScimHarness } from './scim-client.js';

// RFC 7644 §4 service provider configuration endpoints; RFC 7643 §5–§7 for their schemas.

describe('SCIM discovery endpoints', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  it('GET /ServiceProviderConfig advertises exactly what is supported, with a maxResults cap', async () => {
    const response = await h.call('GET', '/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [{ type: 'oauthbearertoken', primary: true }],
      meta: { resourceType: 'ServiceProviderConfig', location: `${h.base}/ServiceProviderConfig` },
    });
  });

  it('GET /ResourceTypes lists User (with the enterprise extension) and Group', async () => {
    const response = await h.call('GET', '/ResourceTypes');
    expect(response.body.schemas).toEqual([LIST]);
    expect(response.body.totalResults).toBe(2);
    expect(response.body.Resources).toEqual([
      expect.objectContaining({
        id: 'User',
        endpoint: '/Users',
        schema: USER,
        schemaExtensions: [{ schema: ENTERPRISE, required: false }],
      }),
      expect.objectContaining({
        id: 'Group',
        endpoint: '/Groups',
        schema: GROUP,
        meta: { resourceType: 'ResourceType', location: `${h.base}/ResourceTypes/Group` },
      }),
    ]);
  });

  it('GET /ResourceTypes/User answers one resource type; an unknown one is a 404', async () => {
    expect((await h.call('GET', '/ResourceTypes/User')).body).toMatchObject({ id: 'User', name: 'User' });
    expect((await h.call('GET', '/ResourceTypes/Device')).status).toBe(404);
  });

  it('GET /Schemas lists the User, enterprise User and Group schemas with their attributes', async () => {
    const response = await h.call('GET', '/Schemas');
    expect(response.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, ENTERPRISE, GROUP]);
    const user = response.body.Resources[0];
    expect(user.attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'userName', caseExact: false, uniqueness: 'server', required: true }),
      ]),
    );
    expect(user.meta).toEqual({ resourceType: 'Schema', location: `${h.base}/Schemas/${USER}` });
  });

  it('GET /Schemas/{urn} answers one schema', async () => {
    const response = await h.call('GET', `/Schemas/${ENTERPRISE}`);
    expect(response.status).toBe(200);
    expect(response.body.attributes.map((a: { name: string }) => a.name)).toContain('employeeNumber');
  });

  it('answers /Me and /Bulk with 501 (RFC 7644 §3.11, §3.7)', async () => {
    for (const [method, path] of [
      ['GET', '/Me'],
      ['POST', '/Bulk'],
    ]) {
      const response = await h.call(
        method,
        path,
        method === 'POST'
          ? { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] }
          : undefined,
      );
      expect(response.status).toBe(501);
      expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '501' });
    }
  });

  it('answers an unknown endpoint with a 404 SCIM error', async () => {
    const response = await h.call('GET', '/Devices');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  });
});
