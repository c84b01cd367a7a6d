import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserOk, GROUP, oktaUser, PATCH_OP, startScim, type ScimHarness } from './scim-client.js';

// Concurrency and atomicity: the unique index decides races, and every write
// commits with its domain events in one transaction.

describe('SCIM concurrency and atomicity', () => {
  let h: ScimHarness;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  it('two simultaneous POSTs of the same userName give one 201 and one 409', async () => {
    const [a, b] = await Promise.all([
      h.call('POST', '/Users', oktaUser('race@acme.example')),
      h.call('POST', '/Users', oktaUser('RACE@acme.example')),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.scimType).toBe('uniqueness');
    expect(
      await h.server.store
        .collection('users')
        .countDocuments({ tenantId: h.tenant, userNameLower: 'race@acme.example' }),
    ).toBe(1);
  });

  it('ten simultaneous member adds to one group all land, each once', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => createUserOk(h, `c${i}@acme.example`)));
    const group = (await h.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Concurrent' })).body.id;
    const responses = await Promise.all(
      users.map((value) =>
        h.call('PATCH', `/Groups/${group}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value }, { value: users[0] }] }],
        }),
      ),
    );
    expect(responses.every((r) => r.status === 204)).toBe(true);
    expect(await h.server.store.collection('memberships').countDocuments({ groupId: group })).toBe(10);
    expect((await h.call('GET', `/Groups/${group}`)).body.meta.version).toBe('W/"11"');
  });

  it('every write has its events in the outbox, and a refused write has none', async () => {
    const outbox = h.server.store.collection('outbox');
    const before = await outbox.countDocuments({ tenantId: h.tenant });
    const id = await createUserOk(h, 'events@acme.example');
    await h.call('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'title', value: 'T' }],
    });
    await h.call('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    await h.call('DELETE', `/Users/${id}`);
    const types = (await outbox.find({ tenantId: h.tenant, subject: id }, { sort: { seq: 1 } })).map((e) => e.type);
    expect(types).toEqual(['user.created', 'user.updated', 'user.deactivated', 'user.deleted']);
    const afterWrites = await outbox.countDocuments({ tenantId: h.tenant });
    // the name is free again
    expect((await h.call('POST', '/Users', oktaUser('EVENTS@acme.example'))).status).toBe(201);
    expect((await h.call('POST', '/Users', oktaUser('events@ACME.example'))).status).toBe(409);
    expect(await outbox.countDocuments({ tenantId: h.tenant })).toBe(afterWrites + 1);
    expect(afterWrites - before).toBe(4);
  });
});
