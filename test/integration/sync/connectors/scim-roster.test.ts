import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredUser } from '../../../../workers/sync/connector.js';
import { createScimConnector, scimConfigSchema } from '../../../../workers/sync/connectors/scim.js';
import { rosterScimTarget, startTestServer, type TestServer } from '../../../helpers/sync/roster-scim.js';

// The outbound SCIM connector against Roster's own SCIM server over real HTTP.

const deps = { tenantId: 'src', connectorId: 'scim-1' };
const user = (n: string, extra: Partial<DesiredUser> = {}): DesiredUser => ({
  id: `roster-${n}`,
  userName: `${n}@acme.example`,
  email: `${n}@acme.example`,
  givenName: 'Ada',
  familyName: n,
  displayName: `Ada ${n}`,
  active: true,
  externalId: `ext-${n}`,
  ...extra,
});

describe('SCIM connector → Roster SCIM server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  async function setup() {
    const target = await rosterScimTarget(server);
    const connector = createScimConnector(
      scimConfigSchema.parse({ baseUrl: target.baseUrl, auth: { type: 'bearer', token: target.token } }),
      deps,
    );
    return { target, connector };
  }

  it('passes its credentials check, and fails it with a wrong token as an auth error', async () => {
    const { target, connector } = await setup();
    await expect(connector.test()).resolves.toBeUndefined();
    const wrong = createScimConnector(
      scimConfigSchema.parse({ baseUrl: target.baseUrl, auth: { type: 'bearer', token: 'rst_scim_wrong' } }),
      deps,
    );
    await expect(wrong.test()).rejects.toMatchObject({ class: 'auth', status: 401 });
  });

  it('creates a user once: a second find returns the same id and the target holds one user', async () => {
    const { target, connector } = await setup();
    const ada = user('ada');
    expect(await connector.findUser(ada)).toBeNull();
    const created = await connector.createUser(ada);
    expect(await connector.findUser(ada)).toEqual(created);
    const list = await target.get(`/Users?filter=${encodeURIComponent('userName eq "ada@acme.example"')}`);
    expect(list.body.totalResults).toBe(1);
    expect(list.body.Resources[0]).toMatchObject({
      id: created.remoteId,
      externalId: 'ext-ada',
      active: true,
      name: { givenName: 'Ada', familyName: 'ada' },
      emails: [{ value: 'ada@acme.example', primary: true }],
    });
  });

  it('adopts a pre-existing user found by userName, and a create that meets 409 adopts too', async () => {
    const { target, connector } = await setup();
    const existing = await target.post('/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'Bob@Acme.Example',
    });
    expect(existing.status).toBe(201);
    const bob = user('bob');
    expect(await connector.findUser(bob)).toMatchObject({ remoteId: existing.body.id });
    expect(await connector.createUser(bob)).toMatchObject({ remoteId: existing.body.id });
    expect((await target.get('/Users')).body.totalResults).toBe(1);
  });

  it('finds a user by externalId after a userName change, quotes and backslashes escaped in the filter', async () => {
    const { connector } = await setup();
    const odd = user('odd', { userName: 'o"d\\d@acme.example', externalId: 'ext "quoted" \\ id' });
    const created = await connector.createUser(odd);
    expect(await connector.findUser(odd)).toEqual(created);
    expect(await connector.findUser({ ...odd, userName: 'renamed@acme.example' })).toEqual(created);
  });

  it('updates, deactivates and deletes a user (delete of a gone user counts as done)', async () => {
    const { target, connector } = await setup();
    const cy = user('cy');
    const ref = await connector.createUser(cy);
    await connector.updateUser(ref, {
      ...cy,
      userName: 'cyrus@acme.example',
      familyName: 'Cyrus',
      email: 'cyrus@acme.example',
    });
    expect((await target.get(`/Users/${ref.remoteId}`)).body).toMatchObject({
      userName: 'cyrus@acme.example',
      name: { givenName: 'Ada', familyName: 'Cyrus' },
      emails: [{ value: 'cyrus@acme.example' }],
      active: true,
    });
    await connector.deactivateUser(ref, cy);
    expect((await target.get(`/Users/${ref.remoteId}`)).body.active).toBe(false);
    await connector.deleteUser(ref, cy);
    expect((await target.get(`/Users/${ref.remoteId}`)).status).toBe(404);
    await expect(connector.deleteUser(ref, cy)).resolves.toBeUndefined();
  });

  it('creates, finds and renames a group, and deletes it', async () => {
    const { target, connector } = await setup();
    const g = { id: 'g1', displayName: 'Eng "core"', externalId: 'grp-1' };
    const ref = await connector.createGroup(g);
    expect(await connector.findGroup(g)).toEqual(ref);
    expect(await connector.createGroup(g)).toEqual(ref);
    await connector.updateGroup(ref, { ...g, displayName: 'Engineering' });
    expect((await target.get(`/Groups/${ref.remoteId}`)).body.displayName).toBe('Engineering');
    expect(await connector.findGroup({ ...g, displayName: 'Engineering' })).toEqual(ref);
    await connector.deleteGroup(ref, g);
    expect((await target.get(`/Groups/${ref.remoteId}`)).status).toBe(404);
  });

  it('adds 250 members in batches and removes 130 of them', async () => {
    const { target, connector } = await setup();
    const refs = [];
    for (let i = 0; i < 250; i++) refs.push(await connector.createUser(user(`m${i}`)));
    const group = await connector.createGroup({ id: 'g2', displayName: 'Everyone' });
    await connector.addMembers(group, refs);
    await connector.addMembers(group, refs.slice(0, 10));
    const members = async () =>
      ((await target.get(`/Groups/${group.remoteId}`)).body.members ?? [])
        .map((m: { value: string }) => m.value)
        .sort();
    expect(await members()).toEqual(refs.map((r) => r.remoteId).sort());
    await connector.removeMembers(group, refs.slice(0, 130));
    expect(await members()).toEqual(
      refs
        .slice(130)
        .map((r) => r.remoteId)
        .sort(),
    );
  });
});
