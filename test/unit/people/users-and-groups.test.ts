import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGroup,
  createUser,
  deleteUser,
  findUser,
  findUsers,
  getUser,
  groupIdsOf,
  memberIdsOf,
  updateUser,
  userAttributesOf,
} from '../../../src/people/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { rejectionOf as refusal } from '../../helpers/errors.js';
import { tempDirectory } from '../../helpers/store.js';

const actor = { type: 'system' as const, id: 'people-test' };
const ctx = { actor, source: 'scim' as const };

describe('users and groups (embedded store)', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  beforeEach(async () => {
    deps = await tempDirectory();
    await createTenant(deps, { id: 'acme', actor });
    await createTenant(deps, { id: 'globex', actor });
  });
  afterEach(() => deps.close());

  it('keys userName case-insensitively within a tenant, and not across tenants', async () => {
    await createUser(deps, 'acme', { userName: 'Ada', active: true }, ctx);
    expect(await refusal(createUser(deps, 'acme', { userName: 'ADA', active: true }, ctx))).toEqual({
      code: 'conflict',
      message: 'userName "ADA" is already taken in this tenant',
    });
    await expect(createUser(deps, 'globex', { userName: 'ada', active: true }, ctx)).resolves.toBeDefined();
  });

  it('matches SAML logins on the primary email, else the first, lowercased', async () => {
    const primary = await createUser(
      deps,
      'acme',
      {
        userName: 'u1',
        active: true,
        emails: [{ value: 'Other@Acme.test' }, { value: 'Ada@Acme.TEST', primary: true }],
      },
      ctx,
    );
    const first = await createUser(deps, 'acme', { userName: 'u2', active: true, emails: [{ value: 'B@x.io' }] }, ctx);
    const none = await createUser(deps, 'acme', { userName: 'u3', active: true }, ctx);
    expect([primary.primaryEmailLower, first.primaryEmailLower, none.primaryEmailLower]).toEqual([
      'ada@acme.test',
      'b@x.io',
      undefined,
    ]);
  });

  it('writes nothing for a change that changes nothing, and bumps the version once otherwise', async () => {
    const user = await createUser(deps, 'acme', { userName: 'ada', active: true, title: 'Eng' }, ctx);
    const same = await updateUser(deps, 'acme', user._id, (a) => ({ ...a }), ctx);
    expect(same.version).toBe(user.version);
    const changed = await updateUser(deps, 'acme', user._id, (a) => ({ ...a, title: 'Lead' }), ctx);
    expect([changed.version, changed.title, changed.createdAt]).toEqual([user.version + 1, 'Lead', user.createdAt]);
    expect(userAttributesOf(changed)).toEqual({ userName: 'ada', active: true, title: 'Lead' });
  });

  it('refuses a write whose If-Match version is stale, naming both versions', async () => {
    const user = await createUser(deps, 'acme', { userName: 'ada', active: true }, ctx);
    const write = (ifMatch: number[]) =>
      updateUser(deps, 'acme', user._id, (a) => ({ ...a, title: 'x' }), { ...ctx, ifMatch });
    expect(await refusal(write([7, 8]))).toEqual({
      code: 'precondition_failed',
      message: `user ${user._id} is at version 1, not 7 or 8`,
    });
    expect((await refusal(write([]))).message).toContain("which the request's precondition excludes");
    expect((await write([1])).version).toBe(2);
    expect(await refusal(deleteUser(deps, 'acme', user._id, { ...ctx, ifMatch: [1] }))).toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('refuses to rename a user onto a taken userName', async () => {
    await createUser(deps, 'acme', { userName: 'ada', active: true }, ctx);
    const bob = await createUser(deps, 'acme', { userName: 'bob', active: true }, ctx);
    expect(await refusal(updateUser(deps, 'acme', bob._id, (a) => ({ ...a, userName: 'Ada' }), ctx))).toEqual({
      code: 'conflict',
      message: 'userName "Ada" is already taken in this tenant',
    });
    expect((await getUser(deps.store, 'acme', bob._id)).userName).toBe('bob');
  });

  it('pages users with a total, including count=0 and a page past the end', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await createUser(deps, 'acme', { userName: name, active: true }, ctx);
    await createUser(deps, 'globex', { userName: 'z', active: true }, ctx);
    const page = await findUsers(deps.store, 'acme', {}, { limit: 2, skip: 2, sort: { userNameLower: 1 } });
    expect([page.docs.map((u) => u.userName), page.total]).toEqual([['c', 'd'], 5]);
    expect(await findUsers(deps.store, 'acme', {}, { limit: 0 })).toEqual({ docs: [], total: 5 });
    expect(await findUsers(deps.store, 'acme', {}, { limit: 10, skip: 50 })).toEqual({ docs: [], total: 5 });
    expect((await findUsers(deps.store, 'acme', { active: false }, { limit: 10 })).total).toBe(0);
  });

  it('deletes a user with its memberships, and then answers not found', async () => {
    const ada = await createUser(deps, 'acme', { userName: 'ada', active: true }, ctx);
    const bob = await createUser(deps, 'acme', { userName: 'bob', active: true }, ctx);
    const eng = await createGroup(deps, 'acme', { displayName: 'Eng' }, [ada._id, bob._id], ctx);
    expect((await memberIdsOf(deps.store, 'acme', eng._id)).sort()).toEqual([ada._id, bob._id].sort());
    await deleteUser(deps, 'acme', ada._id, ctx);
    expect(await memberIdsOf(deps.store, 'acme', eng._id)).toEqual([bob._id]);
    expect(await findUser(deps.store, 'acme', ada._id)).toBeNull();
    expect(await refusal(getUser(deps.store, 'acme', ada._id))).toEqual({
      code: 'not_found',
      message: `user ${ada._id} not found`,
    });
    expect((await refusal(deleteUser(deps, 'acme', ada._id, ctx))).code).toBe('not_found');
  });

  it("reads each user's groups, and none for a user in no group or of another tenant", async () => {
    const ada = await createUser(deps, 'acme', { userName: 'ada', active: true }, ctx);
    const bob = await createUser(deps, 'acme', { userName: 'bob', active: true }, ctx);
    const eng = await createGroup(deps, 'acme', { displayName: 'Eng' }, [ada._id], ctx);
    const ops = await createGroup(deps, 'acme', { displayName: 'Ops' }, [ada._id], ctx);
    const groups = await groupIdsOf(deps.store, 'acme', [ada._id, bob._id]);
    expect(groups.get(ada._id)?.sort()).toEqual([eng._id, ops._id].sort());
    expect(groups.has(bob._id)).toBe(false);
    expect((await groupIdsOf(deps.store, 'globex', [ada._id])).size).toBe(0);
    expect((await groupIdsOf(deps.store, 'acme', [])).size).toBe(0);
  });

  it('refuses a second group with the same display name, in any case', async () => {
    await createGroup(deps, 'acme', { displayName: 'Eng' }, [], ctx);
    expect((await refusal(createGroup(deps, 'acme', { displayName: 'ENG' }, [], ctx))).code).toBe('conflict');
  });
});
