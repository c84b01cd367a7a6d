import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putRole, putRoleMapping } from '../../../src/access/index.js';
import type { UserDoc } from '../../../src/people/index.js';
import { createGroupOk, createUserOk, ENTERPRISE, PATCH_OP, startScim, type ScimHarness } from './scim-client.js';

// PATCH /Users/{id} (RFC 7644 §3.5.2), with each form in the RFC and each body as Okta and
// Microsoft Entra ID send it (Entra's SCIM tutorial and its "known issues" page; Okta's SCIM 2.0
// reference).

const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const ACTOR = { type: 'cli' as const, id: 'test' };

describe('SCIM PATCH /Users', () => {
  let h: ScimHarness;
  let n = 0;
  beforeAll(async () => {
    h = await startScim();
  });
  afterAll(() => h.close());

  async function user(extra: Record<string, unknown> = {}): Promise<string> {
    return createUserOk(h, `patch${++n}@acme.example`, extra);
  }
  const patch = (id: string, body: unknown, headers?: Record<string, string>) =>
    h.call('PATCH', `/Users/${id}`, body, headers);

  it('add with a path sets a single-valued attribute (Entra with aadOptscim062020)', async () => {
    const id = await user();
    const response = await patch(id, ops({ op: 'add', path: 'nickName', value: 'Babs' }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, nickName: 'Babs', meta: { version: 'W/"2"' } });
  });

  it('add without a path merges an object of attributes', async () => {
    const id = await user();
    const response = await patch(id, ops({ op: 'add', value: { title: 'CTO', name: { middleName: 'J' } } }));
    expect(response.body).toMatchObject({
      title: 'CTO',
      name: { givenName: 'Test', familyName: 'User', middleName: 'J' },
    });
  });

  it('add to a multi-valued attribute appends, skipping values already there', async () => {
    const id = await user();
    const phone = { value: '+1 555 0100', type: 'work' };
    await patch(id, ops({ op: 'add', path: 'phoneNumbers', value: [phone] }));
    const response = await patch(
      id,
      ops({ op: 'add', path: 'phoneNumbers', value: [phone, { value: '+1 555 0199', type: 'mobile' }] }),
    );
    expect(response.body.phoneNumbers).toEqual([phone, { value: '+1 555 0199', type: 'mobile' }]);
  });

  it('add of a primary value clears primary on the others (RFC 7644 §3.5.2)', async () => {
    const id = await user();
    const response = await patch(
      id,
      ops({ op: 'add', path: 'emails', value: [{ value: 'second@acme.example', type: 'home', primary: true }] }),
    );
    expect(response.body.emails.filter((e: { primary?: boolean }) => e.primary)).toEqual([
      { value: 'second@acme.example', type: 'home', primary: true },
    ]);
  });

  it('replace with a sub-attribute path changes only that sub-attribute', async () => {
    const id = await user();
    const response = await patch(id, ops({ op: 'replace', path: 'name.familyName', value: 'updatedFamilyName' }));
    expect(response.body.name).toEqual({ givenName: 'Test', familyName: 'updatedFamilyName' });
  });

  it('replace of a multi-valued attribute without a filter replaces all its values', async () => {
    const id = await user();
    const response = await patch(
      id,
      ops({ op: 'replace', path: 'emails', value: [{ value: 'only@acme.example', type: 'work', primary: true }] }),
    );
    expect(response.body.emails).toEqual([{ value: 'only@acme.example', type: 'work', primary: true }]);
  });

  it('a value-filtered replace of a sub-attribute changes the matching element (Entra: emails[…].value)', async () => {
    const id = await user({
      emails: [
        { value: 'old@acme.example', type: 'work', primary: true },
        { value: 'home@acme.example', type: 'home' },
      ],
    });
    const response = await patch(
      id,
      ops(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.body.emails).toEqual([
      { value: 'updatedEmail@microsoft.com', type: 'work', primary: true },
      { value: 'home@acme.example', type: 'home' },
    ]);
  });

  it('replace emails[type eq "work"].value creates a missing work email (Entra; not noTarget)', async () => {
    const id = await user({ emails: [] });
    const response = await patch(
      id,
      ops({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@acme.example' }),
    );
    expect(response.status).toBe(200);
    expect(response.body.emails).toEqual([{ type: 'work', value: 'new@acme.example' }]);
  });

  it('replace with a filter no element matches and that describes no element answers 400 noTarget', async () => {
    const id = await user();
    const response = await patch(id, ops({ op: 'replace', path: 'emails[value co "nowhere"].type', value: 'home' }));
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('noTarget');
  });

  it('remove of an attribute unassigns it; remove without a path is 400 noTarget (RFC 7644 §3.5.2.2)', async () => {
    const id = await user({ title: 'Temp' });
    expect((await patch(id, ops({ op: 'remove', path: 'title' }))).body).not.toHaveProperty('title');
    const noPath = await patch(id, ops({ op: 'remove' }));
    expect(noPath.status).toBe(400);
    expect(noPath.body.scimType).toBe('noTarget');
  });

  it('remove with a value filter removes the matching elements only', async () => {
    const id = await user({
      emails: [
        { value: 'w@acme.example', type: 'work' },
        { value: 'h@acme.example', type: 'home' },
      ],
    });
    const response = await patch(id, ops({ op: 'remove', path: 'emails[type eq "home"]' }));
    expect(response.body.emails).toEqual([{ value: 'w@acme.example', type: 'work' }]);
  });

  it('enterprise attributes by full URN path, replaced and removed', async () => {
    const id = await user();
    const set = await patch(id, ops({ op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Eqpj' }));
    expect(set.body[ENTERPRISE]).toEqual({ employeeNumber: 'Eqpj' });
    expect(set.body.schemas).toContain(ENTERPRISE);
    const removed = await patch(id, ops({ op: 'remove', path: `${ENTERPRISE}:employeeNumber` }));
    expect(removed.body).not.toHaveProperty(ENTERPRISE);
  });

  it('Entra without the flag: capitalised ops and "active": "False" as a string deactivate the user', async () => {
    const id = await user();
    const response = await patch(id, ops({ op: 'Replace', path: 'active', value: 'False' }));
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
  });

  it('Entra "Add" (capitalised) of a single-valued string attribute', async () => {
    const id = await user();
    expect((await patch(id, ops({ op: 'Add', path: 'nickName', value: 'Babs' }))).body.nickName).toBe('Babs');
  });

  it('Entra with aadOptscim062020: replace without a path, keys as paths and URNs', async () => {
    const id = await user({ emails: [{ value: 'w@acme.example', type: 'work' }] });
    const response = await patch(
      id,
      ops(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
          },
        },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua' },
      emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work' }],
      [ENTERPRISE]: { employeeNumber: 'Aklq' },
    });
  });

  it("Entra's single-valued replace of userName, as its tutorial sends it", async () => {
    const id = await user();
    const response = await patch(
      id,
      ops({ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }),
    );
    expect(response.body.userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
  });

  it('Okta deactivates with replace and a value object, and the user loses its effective roles', async () => {
    await putRole(h.server.directory, h.tenant, { name: 'engineer', permissions: ['repo:read'] }, ACTOR);
    await putRoleMapping(
      h.server.directory,
      h.tenant,
      { strategy: 'union', defaultRole: null, rules: [{ group: 'Engineers', role: 'engineer' }] },
      ACTOR,
    );
    const id = await user();
    await createGroupOk(h, 'Engineers', [id]);
    const users = h.server.store.collection<UserDoc>('users');
    expect((await users.findOne({ _id: id }))!.effectiveRoles).toEqual(['engineer']);
    const response = await patch(id, ops({ op: 'replace', value: { active: false } }));
    expect(response.body.active).toBe(false);
    expect((await users.findOne({ _id: id }))!.effectiveRoles).toEqual([]);
    const events = (await h.server.store.collection('outbox').find({ tenantId: h.tenant, subject: id })).map(
      (e) => e.type,
    );
    expect(events).toEqual(expect.arrayContaining(['user.deactivated', 'user.roles_changed']));
    const back = await patch(id, ops({ op: 'replace', value: { active: true } }));
    expect(back.body.active).toBe(true);
    expect((await users.findOne({ _id: id }))!.effectiveRoles).toEqual(['engineer']);
    expect(
      (await h.server.store.collection('outbox').find({ tenantId: h.tenant, subject: id, type: 'user.reactivated' }))
        .length,
    ).toBe(1);
  });

  it("accepts the resource's own id inside a value object; another id is 400 mutability", async () => {
    const id = await user();
    expect((await patch(id, ops({ op: 'replace', value: { id, title: 'Same id' } }))).status).toBe(200);
    const other = await patch(id, ops({ op: 'replace', value: { id: 'someone-else' } }));
    expect(other.status).toBe(400);
    expect(other.body.scimType).toBe('mutability');
  });

  it('refuses read-only targets (id, meta, groups) with 400 mutability', async () => {
    const id = await user();
    for (const path of ['id', 'meta.created', 'groups']) {
      const response = await patch(id, ops({ op: 'replace', path, value: 'x' }));
      expect(response.status, path).toBe(400);
      expect(response.body.scimType, path).toBe('mutability');
    }
  });

  it('refuses unknown paths with 400 invalidPath and wrong value types with 400 invalidValue', async () => {
    const id = await user();
    const unknown = await patch(id, ops({ op: 'replace', path: 'favouriteColour', value: 'red' }));
    expect(unknown.body).toMatchObject({ status: '400', scimType: 'invalidPath' });
    const badFilter = await patch(id, ops({ op: 'replace', path: 'emails[type eq]', value: 'x' }));
    expect(badFilter.body.scimType).toBe('invalidPath');
    const wrongType = await patch(id, ops({ op: 'replace', path: 'active', value: 'sometimes' }));
    expect(wrongType.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('applies all operations or none: a failing second operation leaves the user unchanged', async () => {
    const id = await user({ title: 'Before' });
    const response = await patch(
      id,
      ops({ op: 'replace', path: 'title', value: 'After' }, { op: 'replace', path: 'nope', value: 1 }),
    );
    expect(response.status).toBe(400);
    const after = await h.call('GET', `/Users/${id}`);
    expect(after.body).toMatchObject({ title: 'Before', meta: { version: 'W/"1"' } });
  });

  it('a PATCH that changes nothing keeps the version', async () => {
    const id = await user({ title: 'Same' });
    const response = await patch(id, ops({ op: 'replace', path: 'title', value: 'Same' }));
    expect(response.body.meta.version).toBe('W/"1"');
  });

  it('refuses a userName already taken (case-insensitively) with 409 uniqueness', async () => {
    await createUserOk(h, 'taken@acme.example');
    const id = await user();
    const response = await patch(id, ops({ op: 'replace', path: 'userName', value: 'TAKEN@acme.example' }));
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });
});
