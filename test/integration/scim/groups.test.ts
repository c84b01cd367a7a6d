import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../../src/people/groups.js';
import {
  createGroupOk,
  createUserOk,
  GROUP,
  query,
  recordStoreCalls,
  startScim,
  type ScimHarness,
} from './scim-client.js';

// /Groups (RFC 7643 §4.2): members are memberships, one document per group×user.

describe('SCIM /Groups', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  async function membershipCalls(work: () => Promise<unknown>): Promise<number> {
    return (await recordStoreCalls(h.server.store, work)).filter((c) => c.startsWith('memberships.')).length;
  }

  it('POST creates a group as Entra sends it (an extra Microsoft schema URI, meta, no members)', async () => {
    const response = await h.call('POST', '/Groups', {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      schemas: [GROUP],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      members: [],
    });
    expect(response.headers.get('location')).toBe(`${h.base}/Groups/${response.body.id}`);
    expect(response.headers.get('etag')).toBe('W/"1"');
  });

  it("POST creates a group with members as Okta's group push sends it", async () => {
    const a = await createUserOk(h, 'a@acme.example');
    const response = await h.call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Test SCIMv2',
      members: [{ value: a, display: 'a@acme.example' }],
    });
    expect(response.status).toBe(201);
    expect(response.body.members).toEqual([
      { value: a, $ref: `${h.base}/Users/${a}`, display: 'Test User', type: 'User' },
    ]);
    expect(await h.server.store.collection('memberships').countDocuments({ groupId: response.body.id })).toBe(1);
  });

  it('POST answers 409 uniqueness for a displayName taken case-insensitively', async () => {
    await createGroupOk(h, 'Finance');
    const response = await h.call('POST', '/Groups', { schemas: [GROUP], displayName: 'FINANCE' });
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });

  it('POST takes over a group a SAML login created by that name, keeping its id and members', async () => {
    const early = await createUserOk(h, 'early@acme.example');
    const fromSaml = await createGroup(h.server.directory, h.tenant, { displayName: 'Sales EMEA' }, [early], {
      actor: { type: 'system', id: 'saml' },
      source: 'saml',
    });
    const late = await createUserOk(h, 'late@acme.example');
    const response = await h.call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'sales emea',
      externalId: 'okta-123',
      members: [{ value: late }],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: fromSaml._id, displayName: 'sales emea', externalId: 'okta-123' });
    expect(response.body.members.map((m: { value: string }) => m.value).sort()).toEqual([early, late].sort());
    expect(await h.server.store.collection('groups').findOne({ _id: fromSaml._id })).toMatchObject({
      source: 'scim',
      version: 2,
    });
    const again = await h.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Sales EMEA' });
    expect(again.status).toBe(409);
  });

  it('GET /Groups/{id} lists the members from the memberships collection', async () => {
    const u = await createUserOk(h, 'listed@acme.example', { displayName: 'Listed Person' });
    const id = await createGroupOk(h, 'Listed', [u]);
    const response = await h.call('GET', `/Groups/${id}`);
    expect(response.body.members).toEqual([
      { value: u, $ref: `${h.base}/Users/${u}`, display: 'Listed Person', type: 'User' },
    ]);
  });

  it('GET /Groups?excludedAttributes=members does not read memberships at all', async () => {
    const u = await createUserOk(h, 'unread@acme.example');
    const id = await createGroupOk(h, 'Unread', [u]);
    let list: Awaited<ReturnType<typeof h.call>> | undefined;
    const calls = await membershipCalls(async () => {
      list = await h.call('GET', `/Groups?excludedAttributes=members&filter=${query('displayName eq "Unread"')}`);
      await h.call('GET', `/Groups/${id}?excludedAttributes=members`);
    });
    expect(calls).toBe(0);
    expect(await membershipCalls(() => h.call('GET', `/Groups/${id}`))).toBeGreaterThan(0); // the spy sees reads
    expect(list!.body.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
    expect(list!.body.Resources[0]).toMatchObject({ id, displayName: 'Unread' });
  });

  it('PUT replaces displayName and, when given, the whole member list', async () => {
    const [a, b] = [await createUserOk(h, 'put.a@acme.example'), await createUserOk(h, 'put.b@acme.example')];
    const id = await createGroupOk(h, 'Put group', [a]);
    const response = await h.call('PUT', `/Groups/${id}`, {
      schemas: [GROUP],
      displayName: 'Put group renamed',
      members: [{ value: b }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ displayName: 'Put group renamed', meta: { version: 'W/"2"' } });
    expect(response.body.members.map((m: { value: string }) => m.value)).toEqual([b]);
  });

  it('PUT without members keeps the members (RFC 7644 §3.5.1: omitted means not asserted)', async () => {
    const a = await createUserOk(h, 'kept@acme.example');
    const id = await createGroupOk(h, 'Kept', [a]);
    const response = await h.call('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Kept too' });
    expect(response.body.members.map((m: { value: string }) => m.value)).toEqual([a]);
  });

  it('DELETE answers 204, removes the memberships, and the group is then a 404', async () => {
    const a = await createUserOk(h, 'orphan@acme.example');
    const id = await createGroupOk(h, 'Doomed', [a]);
    expect((await h.call('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/Groups/${id}`)).status).toBe(404);
    expect(await h.server.store.collection('memberships').countDocuments({ groupId: id })).toBe(0);
    expect((await h.call('GET', `/Users/${a}`)).body).not.toHaveProperty('groups');
    const events = (await h.server.store.collection('outbox').find({ tenantId: h.tenant, subject: id })).map(
      (e) => e.type,
    );
    expect(events).toEqual(
      expect.arrayContaining(['group.created', 'group.member_added', 'group.member_removed', 'group.deleted']),
    );
  });

  it('POST with a member that is not a user of this tenant answers 400 invalidValue and creates nothing', async () => {
    const response = await h.call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Ghosts',
      members: [{ value: 'no-such-user' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    expect((await h.call('GET', `/Groups?filter=${query('displayName eq "Ghosts"')}`)).body.totalResults).toBe(0);
  });
});
