import { afterEach, describe, expect, it } from 'vitest';
import {
  CLAIM_URIS,
  saveConnection,
  type AttributeProfileName,
  type IdpConnectionSettings,
} from '../../../src/saml/index.js';
import { FORMAT } from '../../helpers/saml-idp.js';
import {
  ADMIN,
  groupNamesOf,
  insertGroup,
  login,
  startSamlFixture,
  userByName,
  type SamlFixture,
} from '../../helpers/saml-sp.js';

// each IdP's attribute profile, fed a response shaped like that IdP's and signed by
// samlify; the stored user, groups and memberships show what was read.

describe('attribute profiles', () => {
  let f: SamlFixture;
  afterEach(() => f.close());

  async function fixture(profile: AttributeProfileName, extra: IdpConnectionSettings = {}): Promise<SamlFixture> {
    f = await startSamlFixture({ connection: { profile, ...extra } });
    return f;
  }

  it('okta: email, firstName, lastName and group names', async () => {
    await fixture('okta');
    const res = await login(f, {
      nameId: 'ada@acme.test',
      attributes: {
        email: 'ada@acme.test',
        firstName: 'Ada',
        lastName: 'Lovelace',
        groups: ['Engineering', 'Everyone'],
      },
    });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'ada@acme.test'))!;
    expect(user).toMatchObject({
      displayName: 'Ada Lovelace',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      primaryEmailLower: 'ada@acme.test',
      source: 'saml',
    });
    expect(await groupNamesOf(f, user._id)).toEqual([
      { name: 'Engineering', source: 'saml' },
      { name: 'Everyone', source: 'saml' },
    ]);
  });

  it("entra: claim URIs, and groups as object ids matched to the SCIM groups' externalId", async () => {
    await fixture('entra');
    await insertGroup(f, 'Engineering', 'scim', '3f1d0c7e-1111-4a5b-9c2d-000000000001');
    const res = await login(f, {
      nameId: 'grace@acme.test',
      nameIdFormat: FORMAT.persistent,
      attributes: {
        [CLAIM_URIS.email]: 'grace@acme.test',
        [CLAIM_URIS.givenName]: 'Grace',
        [CLAIM_URIS.surname]: 'Hopper',
        [CLAIM_URIS.entraDisplayName]: 'Grace Hopper',
        [CLAIM_URIS.entraGroups]: ['3f1d0c7e-1111-4a5b-9c2d-000000000001', '3f1d0c7e-1111-4a5b-9c2d-000000000002'],
      },
    });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'grace@acme.test'))!;
    expect(user).toMatchObject({ displayName: 'Grace Hopper', samlNameId: 'grace@acme.test' });
    // The known id joins the SCIM group; the unknown one becomes a group named by its id.
    expect(await groupNamesOf(f, user._id)).toEqual([
      { name: '3f1d0c7e-1111-4a5b-9c2d-000000000002', source: 'saml' },
      { name: 'Engineering', source: 'saml' },
    ]);
  });

  it('entra: a groups overage claim keeps the existing memberships and says so in the audit record', async () => {
    await fixture('entra');
    const groupId = '3f1d0c7e-1111-4a5b-9c2d-000000000003';
    const first = await login(f, { nameId: 'linus@acme.test', attributes: { [CLAIM_URIS.entraGroups]: [groupId] } });
    expect(first.status).toBe(303);
    const overage = await login(f, {
      nameId: 'linus@acme.test',
      attributes: { [CLAIM_URIS.entraGroupsLink]: 'https://graph.microsoft.com/v1.0/users/abc/getMemberObjects' },
    });
    expect(overage.status).toBe(303);
    const user = (await userByName(f, 'linus@acme.test'))!;
    expect((await groupNamesOf(f, user._id)).map((g) => g.name)).toEqual([groupId]);
    const audits = await f.server.store
      .collection('auditEvents')
      .find({ tenantId: f.tenantId, action: 'user.login', requestId: overage.requestId });
    expect(audits).toHaveLength(1);
    expect(audits[0].reason).toMatch(/groups overage/);
    expect(audits[0].details).toMatchObject({ groupsOverage: true });
  });

  it('google: email, first and last name, group names', async () => {
    await fixture('google');
    const res = await login(f, {
      nameId: 'alan@acme.test',
      attributes: { firstName: 'Alan', lastName: 'Turing', groups: ['research@acme.test'] },
    });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'alan@acme.test'))!;
    expect(user.displayName).toBe('Alan Turing');
    expect((await groupNamesOf(f, user._id)).map((g) => g.name)).toEqual(['research@acme.test']);
  });

  it('adfs: WS-Federation claim types and the Group claim', async () => {
    await fixture('adfs');
    const res = await login(f, {
      nameId: 'ACME\\edsger',
      nameIdFormat: FORMAT.unspecified,
      attributes: {
        [CLAIM_URIS.email]: 'edsger@acme.test',
        [CLAIM_URIS.givenName]: 'Edsger',
        [CLAIM_URIS.surname]: 'Dijkstra',
        [CLAIM_URIS.adfsGroup]: ['Domain Users', 'Compilers'],
      },
    });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'edsger@acme.test'))!;
    expect(user).toMatchObject({ samlNameId: 'ACME\\edsger', displayName: 'Edsger Dijkstra' });
    expect((await groupNamesOf(f, user._id)).map((g) => g.name)).toEqual(['Compilers', 'Domain Users']);
  });

  it('onelogin: User.* parameters and a semicolon-separated memberOf', async () => {
    await fixture('onelogin');
    const res = await login(f, {
      nameId: 'barbara@acme.test',
      attributes: {
        'User.email': 'barbara@acme.test',
        'User.FirstName': 'Barbara',
        'User.LastName': 'Liskov',
        memberOf: 'Engineering;Design; Sales',
      },
    });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'barbara@acme.test'))!;
    expect(user.displayName).toBe('Barbara Liskov');
    expect((await groupNamesOf(f, user._id)).map((g) => g.name)).toEqual(['Design', 'Engineering', 'Sales']);
  });

  it("custom: the tenant's own attribute names and extra attributes", async () => {
    await fixture('custom', {
      attributeMapping: {
        email: 'mail',
        firstName: 'gn',
        lastName: 'sn',
        groups: 'teams',
        extra: { department: 'dept', costCenter: 'cc' },
      },
    });
    const res = await login(f, {
      nameId: 'u-1001',
      nameIdFormat: FORMAT.persistent,
      attributes: {
        mail: 'ken@acme.test',
        gn: 'Ken',
        sn: 'Thompson',
        teams: ['Unix'],
        dept: 'Research',
        cc: ['CC-1', 'CC-2'],
        ignored: 'x',
      },
    });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'ken@acme.test'))!;
    expect(user).toMatchObject({
      samlNameId: 'u-1001',
      displayName: 'Ken Thompson',
      samlAttributes: { department: 'Research', costCenter: ['CC-1', 'CC-2'] },
    });
    expect((await groupNamesOf(f, user._id)).map((g) => g.name)).toEqual(['Unix']);
  });

  it("a tenant mapping changes a built-in profile's names", async () => {
    await fixture('okta');
    await saveConnection(f.server.directory, {
      tenantId: f.tenantId,
      settings: { attributeMapping: { groups: 'oktaGroups' } },
      actor: ADMIN,
    });
    const res = await login(f, { attributes: { oktaGroups: ['Platform'], groups: ['Ignored'] } });
    expect(res.status).toBe(303);
    const user = (await userByName(f, 'ada@acme.test'))!;
    expect((await groupNamesOf(f, user._id)).map((g) => g.name)).toEqual(['Platform']);
  });
});
