import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateUser } from '../../../src/people/index.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// The full app shares a subject's reads and compiled checker between requests while nothing but
// audit records was committed (src/access/read-snapshot.ts, src/authz/subject-cache.ts). Every
// change that feeds a decision is still seen by the very next request, audited denials between
// the checks or not.

const SCIM = { actor: { type: 'system' as const, id: 'test' }, source: 'scim' as const };

describe('authorization answers from shared reads follow every change on the next request', () => {
  let f: AuthzFixture;
  beforeEach(async () => {
    f = await authzFixture({ preset: 'api-platform' });
  });
  afterEach(() => f.close());

  const allowed = async (subject: string, permission = 'chat:complete') =>
    (await f.call('POST', '/v1/authorize', { subject, permission })).body.allow as boolean;

  it('follows group membership, a role mapping change and deactivation, with denials audited in between', async () => {
    const user = await f.user('casey', ['developers']);
    expect(await allowed(user._id)).toBe(true);
    expect(await allowed(user._id, 'keys:manage')).toBe(false); // an audited denial commits
    expect(await allowed(user._id)).toBe(true);

    await f.setMembers('developers', 'remove', [user._id]);
    expect(await allowed(user._id)).toBe(false);
    await f.setMembers('developers', 'add', [user._id]);
    expect(await allowed(user._id)).toBe(true);

    const mapping = (await f.call('GET', '/v1/role-mapping')).body;
    const rules = mapping.rules.filter((r: { group?: string }) => r.group?.toLowerCase() !== 'developers');
    expect((await f.call('PUT', '/v1/role-mapping', { ...mapping, rules })).status).toBe(200);
    expect(await allowed(user._id)).toBe(false);
    expect((await f.call('PUT', '/v1/role-mapping', mapping)).status).toBe(200);
    expect(await allowed(user._id)).toBe(true);

    await updateUser(f.server.directory, f.tenantId, user._id, (current) => ({ ...current, active: false }), SCIM);
    expect(await allowed(user._id)).toBe(false);
  });
});
