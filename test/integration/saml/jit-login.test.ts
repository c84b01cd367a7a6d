import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MembershipDoc } from '../../../src/people/index.js';
import { FORMAT } from '../../helpers/saml-idp.js';
import {
  defineRoles,
  groupNamesOf,
  insertGroup,
  insertScimUser,
  login,
  refusalOf,
  sessionCookieFrom,
  startSamlFixture,
  userByName,
  type SamlFixture,
} from '../../helpers/saml-sp.js';

// just-in-time users, memberships replaced by source, roles recomputed, and the
// audit record and domain events written with the change.

describe('just-in-time login', () => {
  let f: SamlFixture;
  beforeEach(async () => {
    f = await startSamlFixture();
  });
  afterEach(() => f.close());

  it('creates a user on first login and writes user.login and the domain events in the same change', async () => {
    const res = await login(f, { nameId: 'new@acme.test', attributes: { groups: ['Engineering'] } });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'new@acme.test'))!;
    expect(user).toMatchObject({ source: 'saml', active: true, samlNameId: 'new@acme.test', version: 1 });
    const audit = await f.server.store
      .collection('auditEvents')
      .findOne({ tenantId: f.tenantId, action: 'user.login', requestId: res.requestId });
    expect(audit).toMatchObject({
      outcome: 'success',
      actorId: user._id,
      details: { matchedBy: 'created', nameId: 'new@acme.test' },
    });
    const events = await f.server.store.collection('outbox').find({ tenantId: f.tenantId });
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['user.created', 'group.created', 'group.member_added']));
  });

  it('links a SCIM-provisioned user by email and leaves their SCIM attributes alone', async () => {
    const scim = await insertScimUser(f, {
      userName: 'ada.lovelace',
      displayName: 'Ada (from SCIM)',
      emails: [{ value: 'Ada@Acme.test', primary: true }],
    });
    const res = await login(f, { nameId: 'ada@acme.test', attributes: { firstName: 'Someone', lastName: 'Else' } });
    expect(res.status).toBe(303);
    const after = (await f.server.store.collection('users').findOne({ _id: scim._id }))!;
    expect(after).toMatchObject({
      samlNameId: 'ada@acme.test',
      displayName: 'Ada (from SCIM)',
      source: 'scim',
      version: 2,
    });
    expect(await f.server.store.collection('users').countDocuments({ tenantId: f.tenantId })).toBe(1);
  });

  it('finds the user by NameID on the next login even after their email changed', async () => {
    await login(f, { nameId: 'u-42', nameIdFormat: FORMAT.persistent, attributes: { email: 'old@acme.test' } });
    const res = await login(f, {
      nameId: 'u-42',
      nameIdFormat: FORMAT.persistent,
      attributes: { email: 'new@acme.test' },
    });
    expect(res.status).toBe(303);
    const users = await f.server.store.collection('users').find({ tenantId: f.tenantId });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ userName: 'old@acme.test', primaryEmailLower: 'new@acme.test', version: 2 });
  });

  it('refuses a user deactivated through SCIM, every time', async () => {
    const scim = await insertScimUser(f, {
      userName: 'ada@acme.test',
      active: false,
      emails: [{ value: 'ada@acme.test' }],
    });
    for (let i = 0; i < 3; i++) {
      const res = await login(f);
      expect(res.status).toBe(403);
      expect(res.body).toContain('Your account is deactivated');
      const refusal = await refusalOf(f, res);
      expect(refusal.code).toBe('saml_user_inactive');
    }
    const failed = await f.server.store
      .collection('auditEvents')
      .find({ tenantId: f.tenantId, action: 'user.login_failed' });
    expect(failed.every((a) => a.outcome === 'denied' && (a.target as { id: string }).id === scim._id)).toBe(true);
    expect(await f.server.store.collection('memberships').countDocuments({ tenantId: f.tenantId })).toBe(0);
  });

  it('replaces only the SAML-sourced memberships', async () => {
    const user = await insertScimUser(f, { userName: 'ada@acme.test', emails: [{ value: 'ada@acme.test' }] });
    const scimGroup = await insertGroup(f, 'From SCIM');
    const old = await insertGroup(f, 'Old SAML group', 'saml');
    const time = new Date().toISOString();
    await f.server.store.collection<MembershipDoc>('memberships').insertMany([
      { _id: 'm1', tenantId: f.tenantId, groupId: scimGroup._id, userId: user._id, source: 'scim', createdAt: time },
      { _id: 'm2', tenantId: f.tenantId, groupId: old._id, userId: user._id, source: 'saml', createdAt: time },
    ]);
    const res = await login(f, { attributes: { groups: ['New SAML group', 'From SCIM'] } });
    expect(res.status).toBe(303);
    expect(await groupNamesOf(f, user._id)).toEqual([
      { name: 'From SCIM', source: 'scim' },
      { name: 'New SAML group', source: 'saml' },
    ]);
  });

  it('refuses an email match to a user already linked to a different NameID', async () => {
    await insertScimUser(f, { userName: 'ada', samlNameId: 'u-1', emails: [{ value: 'ada@acme.test' }] });
    const res = await login(f, {
      nameId: 'u-2',
      nameIdFormat: FORMAT.persistent,
      attributes: { email: 'ada@acme.test' },
    });
    expect((await refusalOf(f, res)).code).toBe('saml_identity_conflict');
  });

  it('identifies a transient NameID by email and never stores it', async () => {
    await insertScimUser(f, { userName: 'ada', emails: [{ value: 'ada@acme.test' }] });
    const res = await login(f, {
      nameId: '_t-8f3a',
      nameIdFormat: FORMAT.transient,
      attributes: { email: 'ada@acme.test' },
    });
    expect(res.status).toBe(303);
    expect((await userByName(f, 'ada'))!.samlNameId).toBeUndefined();
    const refused = await login(f, { nameId: '_t-9b1c', nameIdFormat: FORMAT.transient });
    expect((await refusalOf(f, refused)).code).toBe('saml_missing_identity');
  });

  it('recomputes roles from the IdP groups on every login', async () => {
    await defineRoles(
      f,
      [
        { name: 'engineer', permissions: ['code:write'] },
        { name: 'viewer', permissions: ['code:read'] },
      ],
      [
        { group: 'Engineering', role: 'engineer' },
        { group: 'Everyone', role: 'viewer' },
      ],
    );
    const first = await login(f, { attributes: { groups: ['Engineering', 'Everyone'] } });
    expect((await userByName(f, 'ada@acme.test'))!.effectiveRoles.sort()).toEqual(['engineer', 'viewer']);
    const second = await login(f, { attributes: { groups: ['Everyone'] } });
    expect((await userByName(f, 'ada@acme.test'))!.effectiveRoles).toEqual(['viewer']);
    const view = await (
      await fetch(`${f.server.url}/v1/session`, { headers: { cookie: sessionCookieFrom(second.setCookie) } })
    ).json();
    expect(view.roles).toEqual(['viewer']);
    expect(first.status).toBe(303);
    const changed = await f.server.store
      .collection('outbox')
      .find({ tenantId: f.tenantId, type: 'user.roles_changed' });
    expect(changed).toHaveLength(2);
  });
});
