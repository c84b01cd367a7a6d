import { setImmediate } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGroupOk,
  createUserOk,
  ENTERPRISE,
  GROUP,
  LIST,
  query,
  startScim,
  USER,
  type ScimHarness,
} from './scim-client.js';

// GET /Users?filter=… and /Groups?filter=… over HTTP: one test per operator and form of
// RFC 7644 §3.4.2.2, on the embedded store.

describe('SCIM filtering', () => {
  let h: ScimHarness;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    h = await startScim();
    id.bjensen = await createUserOk(h, 'BJensen@example.com', {
      title: 'Tour Guide',
      userType: 'Employee',
      externalId: 'Ext-BJ',
      name: { familyName: 'Jensen', givenName: 'Barbara' },
      emails: [
        { value: 'bjensen@acme.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
    });
    id.alice = await createUserOk(h, 'alice@example.com', {
      title: 'Engineer',
      userType: 'Contractor',
      active: false,
      name: { familyName: 'Smith', givenName: 'Alice' },
      emails: [{ value: 'alice@other.org', type: 'work' }],
    });
    id.zed = await createUserOk(h, 'zed@example.com', {
      userType: 'Employee',
      name: { familyName: 'Zed' },
      emails: [{ value: 'zed@acme.com', type: 'work' }],
    });
    id.admins = await createGroupOk(h, 'Admins', [id.bjensen, id.zed]);
    id.staff = await createGroupOk(h, 'Staff', [id.alice]);
  });
  afterAll(() => h.close());

  async function users(filter: string): Promise<string[]> {
    const response = await h.call('GET', `/Users?filter=${query(filter)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.schemas).toEqual([LIST]);
    expect(response.body.totalResults).toBe(response.body.Resources.length);
    return response.body.Resources.map((u: { userName: string }) => u.userName.split('@')[0].toLowerCase()).sort();
  }

  it('eq on userName, case-insensitively (the IdP lookup)', async () => {
    expect(await users('userName eq "bjensen@EXAMPLE.com"')).toEqual(['bjensen']);
  });

  it('eq with no match answers an empty ListResponse (Entra "zero results")', async () => {
    const response = await h.call('GET', `/Users?filter=${query('userName eq "non-existent user"')}`);
    expect(response.body).toEqual({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('eq on externalId is case-sensitive (caseExact, RFC 7643 §3.1)', async () => {
    expect(await users('externalId eq "Ext-BJ"')).toEqual(['bjensen']);
    expect(await users('externalId eq "ext-bj"')).toEqual([]);
  });

  it('ne', async () => {
    expect(await users('userType ne "employee"')).toEqual(['alice']);
  });

  it('co', async () => {
    expect(await users('title co "GUIDE"')).toEqual(['bjensen']);
  });

  it('sw', async () => {
    expect(await users('userName sw "ZE"')).toEqual(['zed']);
  });

  it('ew', async () => {
    expect(await users('name.familyName ew "sen"')).toEqual(['bjensen']);
  });

  it('pr', async () => {
    expect(await users('title pr')).toEqual(['alice', 'bjensen']);
  });

  it('gt and ge', async () => {
    expect(await users('userName gt "BJENSEN@example.com"')).toEqual(['zed']);
    expect(await users('userName ge "bjensen@example.com"')).toEqual(['bjensen', 'zed']);
  });

  it('lt and le', async () => {
    expect(await users('userName lt "b"')).toEqual(['alice']);
    expect(await users('name.familyName le "SMITH"')).toEqual(['alice', 'bjensen']);
  });

  it('meta.lastModified gt a timestamp', async () => {
    const all = (await h.call('GET', '/Users')).body.Resources as { meta: { lastModified: string } }[];
    const since = all
      .map((u) => u.meta.lastModified)
      .sort()
      .at(-1)!;
    // meta.lastModified has millisecond resolution: let the clock pass `since` before the write.
    while (new Date().toISOString() <= since) await setImmediate();
    await h.call('PATCH', `/Users/${id.zed}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'nickName', value: 'Z' }],
    });
    expect(await users(`meta.lastModified gt "${since}"`)).toEqual(['zed']);
  });

  it('and', async () => {
    expect(await users('userType eq "Employee" and active eq true')).toEqual(['bjensen', 'zed']);
  });

  it('or', async () => {
    expect(await users('title eq "Engineer" or name.familyName eq "zed"')).toEqual(['alice', 'zed']);
  });

  it('not', async () => {
    expect(await users('not (userType eq "Employee")')).toEqual(['alice']);
  });

  it('precedence: and binds tighter than or, parentheses override', async () => {
    expect(await users('userName sw "alice" or userName sw "zed" and active eq false')).toEqual(['alice']);
    expect(await users('(userName sw "alice" or userName sw "zed") and active eq true')).toEqual(['zed']);
  });

  it('grouping nested anywhere in a chain', async () => {
    expect(await users('active eq true and (title pr or (userType eq "Employee" and name.familyName sw "Z"))')).toEqual(
      ['bjensen', 'zed'],
    );
  });

  it('value path with a logical filter: emails[type eq "work" and value co "@acme.com"]', async () => {
    expect(await users('emails[type eq "work" and value co "@acme.com"]')).toEqual(['bjensen', 'zed']);
    expect(await users('emails[type eq "home" and value co "@acme.com"]')).toEqual([]);
  });

  it('sub-attribute of a multi-valued attribute', async () => {
    expect(await users('emails.value ew "jensen.org"')).toEqual(['bjensen']);
  });

  it('enterprise extension attribute by URN', async () => {
    expect(await users(`${ENTERPRISE}:department eq "tour operations"`)).toEqual(['bjensen']);
  });

  it('boolean sent as a string (as Entra writes it)', async () => {
    expect(await users('active eq "False"')).toEqual(['alice']);
  });

  it('id eq', async () => {
    expect(await users(`id eq "${id.zed}"`)).toEqual(['zed']);
  });

  it("groups.value eq: a group's members, through the memberships", async () => {
    expect(await users(`groups.value eq "${id.admins}"`)).toEqual(['bjensen', 'zed']);
  });

  it('Groups: displayName eq, case-insensitively, with excludedAttributes=members (Entra)', async () => {
    const response = await h.call(
      'GET',
      `/Groups?excludedAttributes=members&filter=${query('displayName eq "admins"')}`,
    );
    expect(response.body.Resources).toEqual([
      expect.objectContaining({ id: id.admins, displayName: 'Admins', schemas: [GROUP] }),
    ]);
  });

  it("Groups: id eq … and members[value eq …], Entra's membership check", async () => {
    const hit = await h.call(
      'GET',
      `/Groups?excludedAttributes=members&filter=${query(`id eq "${id.admins}" and members[value eq "${id.zed}"]`)}`,
    );
    expect(hit.body.totalResults).toBe(1);
    const miss = await h.call(
      'GET',
      `/Groups?excludedAttributes=members&filter=${query(`id eq "${id.admins}" and members[value eq "${id.alice}"]`)}`,
    );
    expect(miss.body.totalResults).toBe(0);
  });

  it('answers a bad filter with 400 invalidFilter', async () => {
    for (const filter of [
      'userName eq',
      'userName zz "x"',
      'favouriteColour eq "red"',
      'active gt true',
      '(userName eq "x"',
      'not userName eq "x"',
    ]) {
      const response = await h.call('GET', `/Users?filter=${query(filter)}`);
      expect(response.status, filter).toBe(400);
      expect(response.body, filter).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    }
  });

  it('answers a filter nested 1,000 deep with 400 invalidFilter, not a crash', async () => {
    const response = await h.call(
      'GET',
      `/Users?filter=${query(`${'('.repeat(1000)}userName eq "x"${')'.repeat(1000)}`)}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidFilter');
  });
});
