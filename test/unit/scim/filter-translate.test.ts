import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import { translateFilter, type TranslateContext } from '../../../src/scim/filter/translate.js';
import { GROUP_STORAGE, USER_STORAGE } from '../../../src/scim/resources/storage-map.js';

// The translated query is evaluated by mingo (the embedded engine's matcher) on stored-shape
// documents, so these tests pin what matches, not how the query looks.

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const USERS = [
  {
    _id: 'u1',
    userName: 'Bjensen',
    userNameLower: 'bjensen',
    active: true,
    title: 'Tour Guide',
    externalId: 'Ext-1',
    name: { familyName: 'Jensen', givenName: 'Barbara' },
    emails: [
      { value: 'bjensen@ACME.com', type: 'work', primary: true },
      { value: 'babs@home.org', type: 'home' },
    ],
    enterprise: { employeeNumber: '701984', manager: { value: 'u3' } },
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-03-01T00:00:00.000Z',
    version: 3,
  },
  {
    _id: 'u2',
    userName: 'alice',
    userNameLower: 'alice',
    active: false,
    title: 'Engineer',
    externalId: 'ext-1',
    name: { familyName: 'Smith' },
    emails: [{ value: 'alice@other.org', type: 'work' }],
    createdAt: '2024-02-01T00:00:00.000Z',
    updatedAt: '2024-02-01T00:00:00.000Z',
    version: 1,
  },
  {
    _id: 'u3',
    userName: 'Zed',
    userNameLower: 'zed',
    active: true,
    emails: [],
    createdAt: '2024-02-15T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    version: 7,
  },
];

const userCtx: TranslateContext = {
  map: USER_STORAGE,
  related: async (_relation, id) => (id === 'g1' ? ['u1', 'u3'] : []),
};

async function ids(text: string, ctx: TranslateContext = userCtx, docs: object[] = USERS): Promise<string[]> {
  const query = new Query(await translateFilter(ctx, parseFilter(text)));
  return docs.filter((d) => query.test(d as Record<string, unknown>)).map((d) => (d as { _id: string })._id);
}

describe('SCIM filter → store query', () => {
  it('eq on userName is case-insensitive and served by the indexed lowercase field', async () => {
    expect(await translateFilter(userCtx, parseFilter('userName eq "BJENSEN"'))).toEqual({ userNameLower: 'bjensen' });
    expect(await ids('userName eq "BJENSEN"')).toEqual(['u1']);
  });

  it('eq on a caseExact attribute (externalId, RFC 7643 §3.1) is case-sensitive', async () => {
    expect(await ids('externalId eq "ext-1"')).toEqual(['u2']);
  });

  it('ne matches every other resource', async () => {
    expect(await ids('userName ne "bjensen"')).toEqual(['u2', 'u3']);
  });

  it('co, sw and ew match substrings case-insensitively', async () => {
    expect(await ids('title co "GUIDE"')).toEqual(['u1']);
    expect(await ids('userName sw "b"')).toEqual(['u1']);
    expect(await ids('title ew "neer"')).toEqual(['u2']);
  });

  it('co treats regular-expression characters literally', async () => {
    expect(await ids('title co ".*"')).toEqual([]);
  });

  it('gt, ge, lt and le order strings case-insensitively and timestamps by time', async () => {
    expect(await ids('userName gt "B"')).toEqual(['u1', 'u3']);
    expect(await ids('userName ge "bjensen"')).toEqual(['u1', 'u3']);
    expect(await ids('userName lt "b"')).toEqual(['u2']);
    expect(await ids('title le "engineer"')).toEqual(['u2']);
    expect(await ids('meta.lastModified gt "2024-02-20T00:00:00Z"')).toEqual(['u1', 'u3']);
    expect(await ids('meta.created le "2024-02-01T00:00:00Z"')).toEqual(['u1', 'u2']);
  });

  it('pr matches non-empty values only', async () => {
    expect(await ids('title pr')).toEqual(['u1', 'u2']);
    expect(await ids('emails pr')).toEqual(['u1', 'u2']);
  });

  it('and, or and not combine with RFC precedence', async () => {
    expect(await ids('active eq true and title pr')).toEqual(['u1']);
    expect(await ids('userName eq "alice" or userName eq "zed" and active eq false')).toEqual(['u2']);
    expect(await ids('(userName eq "alice" or userName eq "zed") and active eq true')).toEqual(['u3']);
    expect(await ids('not (userName eq "alice" or active eq false)')).toEqual(['u1', 'u3']);
  });

  it('a value path matches when one element satisfies the whole inner filter', async () => {
    expect(await ids('emails[type eq "work" and value co "@acme.com"]')).toEqual(['u1']);
    // Both terms true, but on different elements: no match.
    expect(await ids('emails[type eq "home" and value co "@acme.com"]')).toEqual([]);
  });

  it('accepts emails[type eq "work"].value eq "…" (Entra, by work email): one element satisfies both', async () => {
    expect(await ids('emails[type eq "work"].value eq "BJENSEN@acme.com"')).toEqual(['u1']);
    expect(await ids('emails[type eq "home"].value eq "bjensen@acme.com"')).toEqual([]);
  });

  it('a complex attribute without a sub-attribute compares its value', async () => {
    expect(await ids('emails co "home.org"')).toEqual(['u1']);
  });

  it('sub-attributes of single and multi-valued attributes', async () => {
    expect(await ids('name.familyName eq "jensen"')).toEqual(['u1']);
    expect(await ids('emails.type eq "home"')).toEqual(['u1']);
  });

  it('enterprise extension attributes by URN', async () => {
    expect(await ids(`${ENT}:employeeNumber eq "701984"`)).toEqual(['u1']);
    expect(await ids(`${ENT}:manager.value eq "u3"`)).toEqual(['u1']);
  });

  it('meta.version compares the stored version', async () => {
    expect(await ids('meta.version eq "W/\\"7\\""')).toEqual(['u3']);
  });

  it('booleans sent as strings compare as booleans', async () => {
    expect(await ids('active eq "False"')).toEqual(['u2']);
  });

  it('groups.value goes through the memberships', async () => {
    expect(await ids('groups.value eq "g1"')).toEqual(['u1', 'u3']);
    expect(await translateFilter(userCtx, parseFilter('groups eq "g1"'))).toEqual({ _id: { $in: ['u1', 'u3'] } });
  });

  it("members[value eq …] (Entra's membership check) goes through the memberships", async () => {
    const groupCtx: TranslateContext = { map: GROUP_STORAGE, related: async (_r, id) => (id === 'u1' ? ['g1'] : []) };
    const groups = [
      { _id: 'g1', displayName: 'A', displayNameLower: 'a' },
      { _id: 'g2', displayName: 'B', displayNameLower: 'b' },
    ];
    expect(await ids('id eq "g1" and members[value eq "u1"]', groupCtx, groups)).toEqual(['g1']);
    expect(await ids('id eq "g2" and members[value eq "u1"]', groupCtx, groups)).toEqual([]);
    expect(await ids('displayName eq "a"', groupCtx, groups)).toEqual(['g1']);
  });

  it('keeps indexed equalities at the top level when and-ing', async () => {
    expect(await translateFilter(userCtx, parseFilter('userName eq "a" and externalId eq "x"'))).toEqual({
      userNameLower: 'a',
      externalId: 'x',
    });
  });

  it('refuses unknown attributes, wrong value types and operators a type does not have', async () => {
    for (const text of [
      'favouriteColour eq "red"',
      'active gt true',
      'userName eq 5',
      'meta.created gt "yesterday"',
      'password eq "x"',
      'name eq "x"',
      'members.value eq "x"',
      'groups.value co "x"',
      'emails[nope eq "x"]',
    ]) {
      await expect(translateFilter(userCtx, parseFilter(text)), text).rejects.toMatchObject({
        code: 'scim_invalid_filter',
      });
    }
  });
});
