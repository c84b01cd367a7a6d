import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/people/index.js';
import {
  createGroupOk,
  createUserOk,
  PATCH_OP,
  query,
  recordStoreCalls,
  startScim,
  type ScimHarness,
} from './scim-client.js';

// PATCH /Groups/{id}: member changes are bulk membership writes (RFC 7644 §3.5.2; bodies as Okta's
// group push and Microsoft Entra ID send them).

const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const ACTOR = { type: 'cli' as const, id: 'test' };

describe('SCIM PATCH /Groups', () => {
  let h: ScimHarness;
  const users: string[] = [];
  let n = 0;
  beforeAll(async () => {
    h = await startScim();
    for (let i = 0; i < 6; i++) users.push(await createUserOk(h, `m${i}@acme.example`));
  });
  afterAll(() => h.close());

  const group = (members: string[] = []) => createGroupOk(h, `Group ${++n}`, members);
  const patch = (id: string, body: unknown, path = '') => h.call('PATCH', `/Groups/${id}${path}`, body);
  async function members(id: string): Promise<string[]> {
    const response = await h.call('GET', `/Groups/${id}`);
    return response.body.members.map((m: { value: string }) => m.value).sort();
  }

  it("Okta's group push adds members with value and display, answering 204 with the new ETag", async () => {
    const id = await group();
    const response = await patch(
      id,
      ops({
        op: 'add',
        path: 'members',
        value: [
          { value: users[0], display: 'm0@acme.example' },
          { value: users[1], display: 'm1@acme.example' },
        ],
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe('W/"2"');
    expect(await members(id)).toEqual([users[0], users[1]].sort());
  });

  it('Okta removes a member by path members[value eq "…"]', async () => {
    const id = await group([users[0], users[1]]);
    expect((await patch(id, ops({ op: 'remove', path: `members[value eq "${users[0]}"]` }))).status).toBe(204);
    expect(await members(id)).toEqual([users[1]]);
  });

  it("Okta renames with replace and a value object that repeats the group's id", async () => {
    const id = await group([users[0]]);
    expect((await patch(id, ops({ op: 'replace', value: { id, displayName: 'Renamed by Okta' } }))).status).toBe(204);
    const response = await h.call('GET', `/Groups/${id}`);
    expect(response.body).toMatchObject({ displayName: 'Renamed by Okta', meta: { version: 'W/"2"' } });
    expect(await members(id)).toEqual([users[0]]);
  });

  it('Entra adds members with a capitalised "Add" and "$ref": null', async () => {
    const id = await group();
    expect(
      (await patch(id, ops({ op: 'Add', path: 'members', value: [{ $ref: null, value: users[2] }] }))).status,
    ).toBe(204);
    expect(await members(id)).toEqual([users[2]]);
  });

  it('Entra without aadOptscim062020 removes chosen members with path "members" and a value list', async () => {
    const id = await group([users[0], users[1], users[2]]);
    expect((await patch(id, ops({ op: 'Remove', path: 'members', value: [{ value: users[1] }] }))).status).toBe(204);
    expect(await members(id)).toEqual([users[0], users[2]].sort());
  });

  it('Entra with aadOptscim062020 removes a member by path filter', async () => {
    const id = await group([users[0], users[1]]);
    await patch(id, ops({ op: 'remove', path: `members[value eq "${users[1]}"]` }));
    expect(await members(id)).toEqual([users[0]]);
  });

  it("Entra's non-member update: Replace displayName", async () => {
    const id = await group();
    expect(
      (
        await patch(
          id,
          ops({ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }),
        )
      ).status,
    ).toBe(204);
    expect((await h.call('GET', `/Groups/${id}?excludedAttributes=members`)).body.displayName).toBe(
      '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
    );
  });

  it('adding a member twice changes nothing and writes no event', async () => {
    const id = await group([users[0]]);
    const before = await h.server.store.collection('outbox').countDocuments({ tenantId: h.tenant, subject: id });
    const response = await patch(id, ops({ op: 'add', path: 'members', value: [{ value: users[0] }] }));
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(await members(id)).toEqual([users[0]]);
    expect(await h.server.store.collection('outbox').countDocuments({ tenantId: h.tenant, subject: id })).toBe(before);
  });

  it('removing a non-member changes nothing', async () => {
    const id = await group([users[0]]);
    expect((await patch(id, ops({ op: 'remove', path: `members[value eq "${users[3]}"]` }))).status).toBe(204);
    expect(await members(id)).toEqual([users[0]]);
  });

  it('replace path "members" sets the whole member list', async () => {
    const id = await group([users[0], users[1]]);
    await patch(id, ops({ op: 'replace', path: 'members', value: [{ value: users[1] }, { value: users[2] }] }));
    expect(await members(id)).toEqual([users[1], users[2]].sort());
  });

  it('remove path "members" without a value removes every member (RFC 7644 §3.5.2.2)', async () => {
    const id = await group([users[0], users[1]]);
    await patch(id, ops({ op: 'remove', path: 'members' }));
    expect(await members(id)).toEqual([]);
  });

  it('add without a path takes {"members": […]} and other attributes together', async () => {
    const id = await group();
    await patch(id, ops({ op: 'add', value: { members: [{ value: users[4] }], externalId: 'ext-42' } }));
    expect(await members(id)).toEqual([users[4]]);
    expect((await h.call('GET', `/Groups/${id}`)).body.externalId).toBe('ext-42');
  });

  it('answers 200 with the group when the PATCH asks for attributes', async () => {
    const id = await group();
    const response = await patch(
      id,
      ops({ op: 'add', path: 'members', value: [{ value: users[5] }] }),
      '?attributes=members',
    );
    expect(response.status).toBe(200);
    expect(response.body.members.map((m: { value: string }) => m.value)).toEqual([users[5]]);
    expect(response.body).not.toHaveProperty('displayName');
  });

  it('an unknown member answers 400 invalidValue and nothing of the PATCH is written', async () => {
    const id = await group([users[0]]);
    const response = await patch(
      id,
      ops(
        { op: 'replace', path: 'displayName', value: 'Should not stick' },
        { op: 'add', path: 'members', value: [{ value: users[1] }, { value: 'ghost' }] },
      ),
    );
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    const after = await h.call('GET', `/Groups/${id}`);
    expect(after.body).toMatchObject({ displayName: `Group ${n}`, meta: { version: 'W/"1"' } });
    expect(await members(id)).toEqual([users[0]]);
  });

  it('adding an id that is no user of this tenant is a 400 naming it, and adds none of the members', async () => {
    const id = await group([users[0]]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await patch(
      id,
      ops({ op: 'add', path: 'members', value: [{ value: users[1] }, { value: unknown }, { value: users[2] }] }),
    );
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain(unknown);
    expect(response.body.detail).not.toContain(users[1]);
    expect(await members(id)).toEqual([users[0]]);
  });

  it('changing a member sub-attribute is 400 mutability (members are immutable, RFC 7643 §4.2)', async () => {
    const id = await group([users[0]]);
    const response = await patch(
      id,
      ops({ op: 'replace', path: `members[value eq "${users[0]}"].display`, value: 'x' }),
    );
    expect(response.body).toMatchObject({ status: '400', scimType: 'mutability' });
  });

  it("a member change moves the user's version too (its groups attribute changed)", async () => {
    const id = await group();
    const before = (await h.call('GET', `/Users/${users[3]}`)).body.meta.version;
    await patch(id, ops({ op: 'add', path: 'members', value: [{ value: users[3] }] }));
    expect((await h.call('GET', `/Users/${users[3]}`)).body.meta.version).not.toBe(before);
  });

  it('adds 1,000 members in a bulk write per 100 and a handful of queries each, not 1,000 round trips', async () => {
    // Set-up through the user service (the HTTP path is covered elsewhere), eight at a time.
    const many: string[] = [];
    for (let i = 0; i < 1000; i += 8) {
      const batch = Array.from({ length: 8 }, (_, k) =>
        createUser(
          h.server.directory,
          h.tenant,
          { userName: `bulk${i + k}@acme.example`, active: true },
          { actor: ACTOR, source: 'scim' },
        ),
      );
      many.push(...(await Promise.all(batch)).map((u) => u._id));
    }
    const id = await group();
    let status = 0;
    const calls = await recordStoreCalls(h.server.store, async () => {
      status = (await patch(id, ops({ op: 'add', path: 'members', value: many.map((value) => ({ value })) }))).status;
    });
    expect(status).toBe(204);
    // Written in parts of 100 members, a turn of the event loop apart (src/people/memberships.ts).
    expect(calls.filter((c) => c === 'memberships.bulkWrite')).toHaveLength(10);
    expect(calls.filter((c) => c.startsWith('memberships.insert'))).toHaveLength(0);
    expect(calls.filter((c) => c === 'outbox.insertMany')).toHaveLength(10);
    expect(calls.length).toBeLessThan(10 * 12); // a handful per part
    const count = await h.call('GET', `/Users?count=0&filter=${query(`groups.value eq "${id}"`)}`);
    expect(count.body.totalResults).toBe(1000);
    const events = await h.server.store
      .collection('outbox')
      .countDocuments({ tenantId: h.tenant, subject: id, type: 'group.member_added' });
    expect(events).toBe(1000);
  });
});
