import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, DesiredUser } from '../../../../workers/sync/connector.js';
import { createScimConnector, scimConfigSchema } from '../../../../workers/sync/connectors/scim.js';
import { startScimmyTarget, type ScimmyTarget } from '../../../helpers/sync/scimmy-target.js';

// The outbound SCIM connector against scimmy-routers, a SCIM server written elsewhere, once as
// it ships (ServiceProviderConfig says no PATCH, so the connector PUTs) and once with PATCH on.

const deps = { tenantId: 'src', connectorId: 'scimmy' };
let n = 0;
const user = (extra: Partial<DesiredUser> = {}): DesiredUser => {
  const name = `u${++n}`;
  return {
    id: `roster-${name}`,
    userName: `${name}@acme.example`,
    email: `${name}@acme.example`,
    givenName: 'Grace',
    familyName: name,
    active: true,
    externalId: `ext-${name}`,
    ...extra,
  };
};

for (const patch of [false, true]) {
  describe(`SCIM connector → scimmy-routers (PATCH ${patch ? 'supported' : 'unsupported'})`, () => {
    let target: ScimmyTarget;
    let connector: Connector;
    beforeAll(async () => {
      target = await startScimmyTarget({ patch });
      connector = createScimConnector(
        scimConfigSchema.parse({
          baseUrl: target.baseUrl,
          auth: { type: 'bearer', token: target.token },
          maxMembersPerPatch: 20,
        }),
        deps,
      );
    });
    afterAll(() => target.close());

    it('passes its credentials check', async () => {
      await expect(connector.test()).resolves.toBeUndefined();
    });

    it('find-or-create creates once and then finds the same id, by userName or externalId', async () => {
      const u = user();
      expect(await connector.findUser(u)).toBeNull();
      const ref = await connector.createUser(u);
      expect(await connector.findUser(u)).toEqual(ref);
      expect(await connector.findUser({ ...u, userName: 'someone-else@acme.example' })).toEqual(ref);
      expect(await connector.createUser(u)).toEqual(ref);
      expect([...target.users.values()].filter((d) => d.userName === u.userName)).toHaveLength(1);
    });

    it('updates and deactivates a user with the method the server offers, then deletes it', async () => {
      const u = user();
      const ref = await connector.createUser(u);
      await connector.updateUser(ref, { ...u, familyName: 'Hopper', displayName: 'Grace Hopper' });
      expect(target.users.get(ref.remoteId)).toMatchObject({
        name: { givenName: 'Grace', familyName: 'Hopper' },
        displayName: 'Grace Hopper',
        active: true,
      });
      await connector.deactivateUser(ref, u);
      expect(target.users.get(ref.remoteId)?.active).toBe(false);
      expect(target.requests).toContain(`${patch ? 'PATCH' : 'PUT'} /Users/${ref.remoteId}`);
      await connector.deleteUser(ref, u);
      expect(target.users.has(ref.remoteId)).toBe(false);
      await expect(connector.deleteUser(ref, u)).resolves.toBeUndefined();
    });

    it('creates and renames a group and changes 45 members in batches', async () => {
      const refs = [];
      for (let i = 0; i < 45; i++) refs.push(await connector.createUser(user()));
      const g = { id: `g${patch}`, displayName: `Team ${patch}` };
      const group = await connector.createGroup(g);
      expect(await connector.findGroup(g)).toEqual(group);
      await connector.updateGroup(group, { ...g, displayName: `Renamed ${patch}` });
      await connector.addMembers(group, refs);
      await connector.removeMembers(group, refs.slice(0, 5));
      const doc = target.groups.get(group.remoteId);
      expect(doc?.displayName).toBe(`Renamed ${patch}`);
      expect((doc?.members ?? []).map((m: { value: string }) => m.value).sort()).toEqual(
        refs
          .slice(5)
          .map((r) => r.remoteId)
          .sort(),
      );
    });
  });
}
