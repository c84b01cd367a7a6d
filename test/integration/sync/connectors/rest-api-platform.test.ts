import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../../../workers/sync/connectors/index.js';
import { startHttpDouble, type HttpDouble } from '../../../helpers/sync/http-double.js';

// The shipped seed-000 example config (config/connectors/api-platform-organization-users.json)
// against a double of that organization's user API: one role per user, five roles.

const ROLES = ['admin', 'developer', 'analyst', 'service', 'viewer'];

describe('REST connector with the seed-000 organization config', () => {
  let api: HttpDouble;
  const users = new Map<string, { id: string; email: string; role: string }>();
  beforeAll(async () => {
    api = await startHttpDouble((req) => {
      const url = new URL(req.url, 'http://double');
      const match = /^\/v1\/organizations\/org_7\/users(?:\/(\w+))?$/.exec(url.pathname);
      if (req.headers.authorization !== 'Bearer key-1' || !match)
        return { status: req.headers.authorization === 'Bearer key-1' ? 404 : 401 };
      const [, id] = match;
      const body = req.body ? JSON.parse(req.body) : {};
      if (body.role !== undefined && !ROLES.includes(body.role))
        return { status: 422, body: { error: `unknown role ${body.role}` } };
      if (!id && req.method === 'GET')
        return {
          status: 200,
          body: { data: [...users.values()].filter((u) => u.email === url.searchParams.get('email')) },
        };
      if (!id && req.method === 'POST') {
        const user = { id: `usr${users.size + 1}`, email: body.email, role: body.role };
        users.set(user.id, user);
        return { status: 201, body: user };
      }
      const user = id ? users.get(id) : undefined;
      if (!user) return { status: 404 };
      if (req.method === 'PATCH') return (Object.assign(user, body), { status: 200, body: user });
      if (req.method === 'DELETE') return (users.delete(user.id), { status: 204 });
      return { status: 405 };
    });
  });
  afterAll(() => api.close());

  it('adds users with the highest of their seed roles, re-roles and removes them', async () => {
    const example = JSON.parse(
      await readFile(
        new URL('../../../../config/connectors/api-platform-organization-users.json', import.meta.url),
        'utf8',
      ),
    );
    const connector = createConnector(
      'rest',
      {
        ...example,
        baseUrl: `${api.url}/v1`,
        vars: { organizationId: 'org_7' },
        auth: { header: 'authorization', value: 'Bearer key-1' },
      },
      { tenantId: 'acme', connectorId: 'vendor' },
    );
    const analyst = { id: 'r1', userName: 'ana', email: 'ana@acme.example', active: true, roles: ['analyst', 'admin'] };
    const ref = await connector.createUser(analyst);
    expect(users.get(ref.remoteId)).toMatchObject({ email: 'ana@acme.example', role: 'admin' });
    expect(await connector.findUser(analyst)).toEqual(ref);
    await connector.updateUser(ref, { ...analyst, roles: ['member'] });
    expect(users.get(ref.remoteId)?.role).toBe('viewer');
    await connector.deleteUser(ref, analyst);
    expect(users.size).toBe(0);
    await expect(connector.createGroup({ id: 'g', displayName: 'x' })).rejects.toMatchObject({ class: 'permanent' });
  });
});
