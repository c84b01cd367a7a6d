import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, DesiredUser } from '../../../../workers/sync/connector.js';
import { createConnector } from '../../../../workers/sync/connectors/index.js';
import { startTwinmindDouble, type TwinmindDouble } from '../../../helpers/sync/twinmind-double.js';

// The shipped seed-001 example config (config/connectors/twinmind-organization-members.json),
// through the registry, against a double of that organization API.

const deps = { tenantId: 'acme', connectorId: 'twinmind' };
const user = (name: string, roles: string[], extra: Partial<DesiredUser> = {}): DesiredUser => ({
  id: `r-${name}`,
  userName: name,
  email: `${name}@acme.example`,
  active: true,
  roles,
  ...extra,
});

describe('REST connector with the seed-001 organization config', () => {
  let api: TwinmindDouble;
  let connector: Connector;
  beforeEach(async () => {
    api = await startTwinmindDouble();
    const example = JSON.parse(
      await readFile(
        new URL('../../../../config/connectors/twinmind-organization-members.json', import.meta.url),
        'utf8',
      ),
    );
    connector = createConnector(
      'rest',
      { ...example, baseUrl: `${api.url}/v1`, auth: { header: 'authorization', value: `Bearer ${api.apiKey}` } },
      deps,
    );
  });
  afterEach(() => api.close());

  it('checks the API key; a wrong key is an auth error that does not show the key', async () => {
    await expect(connector.test()).resolves.toBeUndefined();
    const example = JSON.parse(
      await readFile(
        new URL('../../../../config/connectors/twinmind-organization-members.json', import.meta.url),
        'utf8',
      ),
    );
    const wrong = createConnector(
      'rest',
      { ...example, baseUrl: `${api.url}/v1`, auth: { header: 'authorization', value: 'Bearer tm_wrong' } },
      deps,
    );
    const error = await wrong.test().catch((e: unknown) => e);
    expect(error).toMatchObject({ class: 'auth', status: 401 });
    expect(JSON.stringify(error)).not.toContain('tm_wrong');
  });

  it('adds a member with email and the highest mapped role, finds it, changes its role, removes it', async () => {
    const ada = user('ada', ['member', 'admin']);
    expect(await connector.findUser(ada)).toBeNull();
    const ref = await connector.createUser(ada);
    expect(api.members.get(ref.remoteId)).toMatchObject({ email: 'ada@acme.example', role: 'admin' });
    expect(await connector.findUser(ada)).toEqual(ref);
    expect(await connector.createUser(ada)).toEqual(ref);
    expect(api.members.size).toBe(1);
    await connector.updateUser(ref, { ...ada, roles: ['viewer'] });
    expect(api.members.get(ref.remoteId)?.role).toBe('viewer');
    await connector.deactivateUser(ref, ada);
    expect(api.members.size).toBe(0);
    await expect(connector.deleteUser(ref, ada)).resolves.toBeUndefined();
  });

  it('a user without a mapped role joins as member; an email with odd characters stays one query value', async () => {
    const odd = user('x', ['billing'], { email: 'a+b&role=owner@acme.example' });
    const ref = await connector.createUser(odd);
    expect(api.members.get(ref.remoteId)).toMatchObject({ email: 'a+b&role=owner@acme.example', role: 'member' });
    expect(await connector.findUser(odd)).toEqual(ref);
    const plain = await connector.createUser(user('bo', []));
    expect(api.members.get(plain.remoteId)?.role).toBe('member');
  });

  it('creates a team with the seed settings, renames it, adds and removes members, deletes it', async () => {
    const team = await connector.createGroup({ id: 'g1', displayName: 'Sales' });
    expect(api.teams.get(team.remoteId)).toMatchObject({
      name: 'Sales',
      settings: { defaultTranscriptVisibility: 'team', requireApprovalForSharing: true },
    });
    await connector.updateGroup(team, { id: 'g1', displayName: 'Sales EMEA' });
    const a = await connector.createUser(user('a', ['member']));
    const b = await connector.createUser(user('b', ['member']));
    await connector.addMembers(team, [a, b]);
    await connector.removeMembers(team, [a, { remoteId: 'mem_gone' }]);
    expect(api.teams.get(team.remoteId)?.name).toBe('Sales EMEA');
    expect([...api.teams.get(team.remoteId)!.members]).toEqual([[b.remoteId, 'member']]);
    await connector.deleteGroup(team, { id: 'g1', displayName: 'Sales EMEA' });
    expect(api.teams.size).toBe(0);
  });
});
