import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequestReads, findUser, groupsOf } from '../../../src/access/index.js';
import { RosterError } from '../../../src/errors/index.js';
import { createGroup, createUser } from '../../../src/people/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { tempDirectory } from '../../helpers/store.js';

const actor = { type: 'system' as const, id: 'subjects-test' };
const ctx = { actor, source: 'scim' as const };

describe('subjects of an authorization request (embedded store)', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  beforeEach(async () => {
    deps = await tempDirectory();
    await createTenant(deps, { id: 'acme', actor });
    await createTenant(deps, { id: 'globex', actor });
  });
  afterEach(() => deps.close());

  it('finds a user by id or by userName in any case, and never one of another tenant', async () => {
    const ada = await createUser(deps, 'acme', { userName: 'Ada.Lovelace', active: true }, ctx);
    expect((await findUser(deps.store, 'acme', ada._id))?._id).toBe(ada._id);
    expect((await findUser(deps.store, 'acme', 'ada.lovelace'))?._id).toBe(ada._id);
    expect(await findUser(deps.store, 'globex', ada._id)).toBeNull();
    expect(await findUser(deps.store, 'globex', 'Ada.Lovelace')).toBeNull();
  });

  it("lists a user's groups with their external id only when the IdP sent one", async () => {
    const ada = await createUser(deps, 'acme', { userName: 'ada', active: true }, ctx);
    const eng = await createGroup(deps, 'acme', { displayName: 'Eng', externalId: 'ext-eng' }, [ada._id], ctx);
    const ops = await createGroup(deps, 'acme', { displayName: 'Ops' }, [ada._id], ctx);
    const groups = await groupsOf(deps.store, 'acme', ada._id);
    expect(groups.sort((a, b) => a.displayName.localeCompare(b.displayName))).toEqual([
      { id: eng._id, displayName: 'Eng', externalId: 'ext-eng' },
      { id: ops._id, displayName: 'Ops' },
    ]);
    expect(await groupsOf(deps.store, 'globex', ada._id)).toEqual([]);
  });

  it('answers tenant_not_found for an unknown tenant, and reads each thing once per request', async () => {
    const missing = createRequestReads(deps.store, 'nobody');
    await expect(missing.tenant()).rejects.toBeInstanceOf(RosterError);
    await expect(missing.tenant()).rejects.toMatchObject({ code: 'tenant_not_found' });

    const ada = await createUser(deps, 'acme', { userName: 'ada', active: true }, ctx);
    const reads = createRequestReads(deps.store, 'acme');
    const first = await reads.user('ada');
    await deps.store.collection('users').deleteOne({ _id: ada._id });
    expect(await reads.user('ada')).toBe(first); // the same read, not a second one
    expect(await createRequestReads(deps.store, 'acme').user('ada')).toBeNull();
  });
});
