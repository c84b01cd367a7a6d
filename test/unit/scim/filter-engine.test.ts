import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { comparison, escapeRegex, presence, storedValue } from '../../../src/scim/filter/compare.js';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import { mergeAnd, translateFilter, type TranslateContext } from '../../../src/scim/filter/translate.js';
import { GROUP_STORAGE, USER_STORAGE } from '../../../src/scim/resources/storage-map.js';
import type { AttrDef } from '../../../src/scim/schema/schemas.js';

// RFC 7644 §3.4.2.2 filters as store queries: what matches (evaluated by mingo, the embedded
// engine's matcher, on stored-shape documents) and the invalidFilter detail a client gets for a
// filter Roster cannot answer.

const USERS = [
  {
    _id: 'u1',
    userName: 'Bjensen',
    userNameLower: 'bjensen',
    active: true,
    title: 'Tour Guide',
    name: { familyName: 'Jensen', givenName: 'Barbara' },
    emails: [
      { value: 'bjensen@ACME.com', type: 'work', primary: true },
      { value: 'babs@home.org', type: 'home' },
    ],
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-03-01T00:00:00.000Z',
    version: 3,
  },
  {
    _id: 'u2',
    userName: 'alice',
    userNameLower: 'alice',
    active: false,
    title: 'engineer',
    name: { familyName: 'Smith' },
    emails: [{ value: 'alice@other.org', type: 'Work' }],
    createdAt: '2024-02-01T00:00:00.000Z',
    updatedAt: '2024-02-01T00:00:00.000Z',
    version: 1,
  },
  {
    _id: 'u3',
    userName: 'Zed',
    userNameLower: 'zed',
    active: true,
    title: '',
    emails: [],
    createdAt: '2024-02-15T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    version: 7,
  },
];
const GROUPS = [
  { _id: 'g1', displayName: 'A', displayNameLower: 'a' },
  { _id: 'g2', displayName: 'B', displayNameLower: 'b' },
];

const userCtx: TranslateContext = {
  map: USER_STORAGE,
  related: async (_relation, id) => (id === 'g1' ? ['u1', 'u3'] : []),
};
const groupCtx: TranslateContext = {
  map: GROUP_STORAGE,
  related: async (_relation, id) => (id === 'u1' ? ['g1'] : []),
};

async function ids(text: string, ctx: TranslateContext = userCtx, docs: object[] = USERS): Promise<string[]> {
  const query = new Query(await translateFilter(ctx, parseFilter(text)));
  return docs.filter((d) => query.test(d as Record<string, unknown>)).map((d) => (d as { _id: string })._id);
}

async function refusal(text: string, ctx: TranslateContext = userCtx): Promise<{ code: string; message: string }> {
  try {
    await translateFilter(ctx, parseFilter(text));
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  throw new Error(`${text} was accepted`);
}

describe('what a filter matches', () => {
  it('meta.resourceType eq and ne match every resource or none', async () => {
    expect(await ids('meta.resourceType eq "User"')).toEqual(['u1', 'u2', 'u3']);
    expect(await ids('meta.resourceType eq "Group"')).toEqual([]);
    expect(await ids('meta.resourceType ne "Group"')).toEqual(['u1', 'u2', 'u3']);
    expect(await ids('meta.resourceType ne "User"')).toEqual([]);
    expect(await ids('meta.resourceType eq "Group"', groupCtx, GROUPS)).toEqual(['g1', 'g2']);
  });

  it('meta.version compares as a number, in the weak, strong or bare ETag form', async () => {
    expect(await ids('meta.version eq "\\"3\\""')).toEqual(['u1']);
    expect(await ids('meta.version eq "3"')).toEqual(['u1']);
    expect(await ids('meta.version gt 2')).toEqual(['u1', 'u3']);
    expect(await ids('meta.version le "W/\\"3\\""')).toEqual(['u1', 'u2']);
    expect(await ids('meta.version lt "10"')).toEqual(['u1', 'u2', 'u3']);
    expect(await ids('meta.version pr')).toEqual(['u1', 'u2', 'u3']);
    expect(await ids('meta.resourceType pr')).toEqual(['u1', 'u2', 'u3']);
  });

  it('groups ne, and members value filters with or, not and type eq "User"', async () => {
    expect(await ids('groups.value ne "g1"')).toEqual(['u2']);
    expect(await ids('groups eq "nothing"')).toEqual([]);
    expect(await ids('members[value eq "u1" or value eq "u9"]', groupCtx, GROUPS)).toEqual(['g1']);
    expect(await ids('members[not (value eq "u1")]', groupCtx, GROUPS)).toEqual(['g2']);
    expect(await ids('members[value eq "u1" and type eq "User"]', groupCtx, GROUPS)).toEqual(['g1']);
    expect(await ids('members[value eq "u1" and type eq "Group"]', groupCtx, GROUPS)).toEqual([]);
    expect(await ids('members[value ne "u1"]', groupCtx, GROUPS)).toEqual(['g2']);
  });

  it('a value filter on a single-valued complex attribute reads its sub-attributes', async () => {
    expect(await ids('name[givenName eq "barbara"]')).toEqual(['u1']);
    expect(await ids('name[familyName sw "s" or givenName pr]')).toEqual(['u1', 'u2']);
    expect(await ids('name[not (familyName eq "smith")]')).toEqual(['u1', 'u3']);
  });

  it('inside a value filter: or, not, pr and case-insensitive equality of a sub-attribute', async () => {
    expect(await ids('emails[type eq "work"]')).toEqual(['u1', 'u2']);
    expect(await ids('emails[type eq "home" or value ew "other.org"]')).toEqual(['u1', 'u2']);
    expect(await ids('emails[not (type eq "work")]')).toEqual(['u1']);
    expect(await ids('emails[primary pr]')).toEqual(['u1']);
    expect(await ids('emails[primary eq true]')).toEqual(['u1']);
  });

  it('a sub-attribute of a multi-valued attribute matches when any one value does (RFC 7644 §3.4.2.2)', async () => {
    expect(await ids('emails.value eq "BABS@home.org"')).toEqual(['u1']);
    // u1 has another address; u3 has none to compare.
    expect(await ids('emails.value ne "babs@home.org"')).toEqual(['u1', 'u2']);
    const mixed = [
      {
        _id: 'm1',
        emails: [
          { value: 'a@x.org', type: '' },
          { value: 'b@x.org', type: 'work' },
        ],
      },
    ];
    expect(await ids('emails.type pr', userCtx, mixed)).toEqual(['m1']);
  });

  it('queries a sub-attribute of a multi-valued attribute per element, as MongoDB needs', async () => {
    // mingo also matches a dotted path through the array, MongoDB does not follow $elemMatch or
    // $expr there: the query must name the array and compare inside one element, without $expr.
    const query = async (text: string) => translateFilter(userCtx, parseFilter(text));
    expect(await query('emails.type pr')).toEqual({
      emails: { $elemMatch: { type: { $exists: true, $nin: [null, ''] } } },
    });
    expect(await query('emails.type ge "w"')).toEqual({ emails: { $elemMatch: { type: { $gte: 'w' } } } });
    expect(await query('emails[type ge "w"]')).toEqual({ emails: { $elemMatch: { type: { $gte: 'w' } } } });
  });

  it('orders a caseExact attribute case-sensitively', async () => {
    const docs = [
      { _id: 'x1', externalId: 'Ext-1' },
      { _id: 'x2', externalId: 'ext-1' },
    ];
    expect(await ids('externalId lt "a"', userCtx, docs)).toEqual(['x1']);
  });

  it('pr is false for an empty string, an empty list and a missing value', async () => {
    expect(await ids('title pr')).toEqual(['u1', 'u2']);
    expect(await ids('emails pr')).toEqual(['u1', 'u2']);
    expect(await ids('name pr')).toEqual(['u1', 'u2']);
    expect(await ids('emails.type pr')).toEqual(['u1', 'u2']);
  });

  it('ne null matches the resources that have a value; eq null those that do not', async () => {
    expect(await ids('name.givenName ne null')).toEqual(['u1']);
    expect(await ids('name.givenName eq null')).toEqual(['u2', 'u3']);
  });

  it('ordering of a caseless string without an indexed twin ignores case; substrings honour caseExact', async () => {
    expect(await ids('title ge "Engineer"')).toEqual(['u1', 'u2']);
    expect(await ids('title lt "F"')).toEqual(['u2', 'u3']);
    expect(await ids('name.familyName gt "JENSEN"')).toEqual(['u2']);
    expect(await ids('title sw "TOUR"')).toEqual(['u1']);
    expect(await ids('title co "r g"')).toEqual(['u1']);
  });
});

describe('the invalidFilter detail of a filter Roster cannot answer', () => {
  it.each([
    ['favouriteColour eq "red"', '"favouriteColour" is not an attribute of User'],
    ['groups.value co "g1"', 'groups supports eq and ne on its value only'],
    ['groups.value eq 5', 'groups.value is an id: quote it'],
    ['meta.resourceType co "U"', 'meta.resourceType supports eq and ne'],
    ['meta.version eq "latest"', 'meta.version is an ETag like W/"3"'],
    ['meta.version eq true', 'meta.version is an ETag like W/"3"'],
    ['meta.version eq "v3"', 'meta.version is an ETag like W/"3"'],
    ['meta.version eq "3x"', 'meta.version is an ETag like W/"3"'],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope eq "x"',
      '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope" is not an attribute of User',
    ],
    ['password eq "x"', '"password" cannot be used in a filter'],
    ['password pr', '"password" cannot be used with pr'],
    ['groups pr', '"groups" cannot be used with pr'],
    ['emails[type eq "work" and emails[value pr]]', 'a value filter cannot contain another value filter'],
    ['emails[value.x eq "a"]', '"value.x" is not a sub-attribute of emails'],
    ['emails[nope eq "x"]', '"nope" is not a sub-attribute of emails'],
    ['title[value eq "x"]', '"title[…]" needs a complex attribute'],
    ['groups[display eq "x"]', 'groups[…] supports "value eq" and "type eq" only'],
    ['active gt true', '"gt" is not defined for the boolean active (RFC 7644 §3.4.2.2)'],
    ['active eq "maybe"', 'active is a boolean'],
    ['userName eq 5', 'userName is a string: quote the value'],
    ['meta.created gt "yesterday"', 'created is a dateTime: expected an xsd:dateTime string'],
    ['meta.created eq 5', 'created is a dateTime: expected an xsd:dateTime string'],
    ['meta.created co "2024"', '"co" is not defined for the dateTime created'],
    ['title gt null', '"gt" cannot compare with null'],
    ['name eq "x"', 'name is complex: compare one of its sub-attributes'],
  ])('%s → %s', async (text, message) => {
    expect(await refusal(text)).toEqual({ code: 'scim_invalid_filter', message });
  });

  it('members of a group only by value or type', async () => {
    expect(await refusal('members[display eq "x"]', groupCtx)).toEqual({
      code: 'scim_invalid_filter',
      message: 'members[…] supports "value eq" and "type eq" only',
    });
    expect(await refusal('members[value pr]', groupCtx)).toEqual({
      code: 'scim_invalid_filter',
      message: 'members[…] supports "value eq" and "type eq" only',
    });
    expect(await refusal('members[type ne "User"]', groupCtx)).toEqual({
      code: 'scim_invalid_filter',
      message: 'members[…] supports "value eq" and "type eq" only',
    });
  });
});

describe('comparisons on one field', () => {
  const def = (type: AttrDef['type'], extra: Partial<AttrDef> = {}): AttrDef => ({
    name: 'x',
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    ...extra,
  });

  it('numbers: any order, no substring; binary: eq and ne only', () => {
    expect(storedValue(def('integer'), 'gt', 3)).toBe(3);
    expect(storedValue(def('decimal'), 'le', 1.5)).toBe(1.5);
    expect(() => storedValue(def('integer'), 'co', 3)).toThrow('"co" is not defined for the number x');
    expect(() => storedValue(def('integer'), 'eq', '3')).toThrow('x is a number');
    expect(storedValue(def('binary'), 'eq', 'AA==')).toBe('AA==');
    expect(() => storedValue(def('binary'), 'sw', 'AA')).toThrow('"sw" is not defined for the binary x');
    expect(storedValue(def('binary'), 'ne', 'AA==')).toBe('AA==');
    expect(() => storedValue(def('complex'), 'eq', 'x')).toThrow('x is complex: compare one of its sub-attributes');
    expect(storedValue(def('boolean'), 'ne', 'TRUE')).toBe(true);
    expect(storedValue(def('boolean'), 'eq', false)).toBe(false);
    expect(storedValue(def('dateTime'), 'ge', '2024-01-01T00:00:00+01:00')).toBe('2023-12-31T23:00:00.000Z');
  });

  it('case-exact strings compare as given; caseless ones through the lowercase twin or an anchored regex', () => {
    const target = { path: 'f', def: def('string'), inElement: false };
    expect(comparison({ ...target, def: def('string', { caseExact: true }) }, 'eq', 'A.b')).toEqual({ f: 'A.b' });
    expect(comparison({ ...target, lowered: 'fLower' }, 'eq', 'A.b')).toEqual({ fLower: 'a.b' });
    expect(comparison(target, 'eq', 'A.b')).toEqual({ f: { $regex: '^A\\.b$', $options: 'i' } });
    expect(comparison(target, 'ne', 'A')).toEqual({ $nor: [{ f: { $regex: '^A$', $options: 'i' } }] });
    expect(comparison(target, 'ne', null)).toEqual({ f: { $ne: null } });
    expect(comparison(target, 'sw', 'a+')).toEqual({ f: { $regex: '^a\\+', $options: 'i' } });
    expect(comparison(target, 'ew', 'a')).toEqual({ f: { $regex: 'a$', $options: 'i' } });
    expect(comparison({ ...target, def: def('string', { caseExact: true }) }, 'co', 'a')).toEqual({
      f: { $regex: 'a', $options: '' },
    });
    expect(comparison({ ...target, lowered: 'fLower' }, 'gt', 'B')).toEqual({ fLower: { $gt: 'b' } });
    expect(comparison({ ...target, inElement: true }, 'lt', 'B')).toEqual({ f: { $lt: 'B' } });
    expect(comparison(target, 'le', 'B')).toEqual({
      f: { $type: 'string' },
      $expr: { $lte: [{ $toLower: '$f' }, 'b'] },
    });
    expect(comparison({ ...target, def: def('integer') }, 'ge', 2)).toEqual({ f: { $gte: 2 } });
    // base64 is case-sensitive whatever caseExact says
    expect(comparison({ ...target, def: def('binary') }, 'eq', 'QUJD')).toEqual({ f: 'QUJD' });
  });

  it('presence of a multi-valued, a complex and a simple attribute', () => {
    expect(presence({ path: 'm', def: def('string', { multiValued: true }), inElement: false })).toEqual({
      'm.0': { $exists: true },
    });
    expect(presence({ path: 'c', def: def('complex'), inElement: false })).toEqual({
      c: { $exists: true, $nin: [null, {}] },
    });
    expect(presence({ path: 's', def: def('string'), inElement: false })).toEqual({
      s: { $exists: true, $nin: [null, ''] },
    });
  });

  it('escapes every regular-expression character', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the dollar and braces are the characters under test
    expect(escapeRegex('.*+?^${}()|[]\\')).toBe('\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\');
    expect(escapeRegex('plain-text')).toBe('plain-text');
  });

  it('mergeAnd keeps distinct keys in one object and moves repeats and operators into $and', () => {
    expect(mergeAnd([{ a: 1 }, { b: 2 }])).toEqual({ a: 1, b: 2 });
    expect(mergeAnd([{ a: 1 }, { a: 2 }])).toEqual({ a: 1, $and: [{ a: 2 }] });
    expect(mergeAnd([{ $or: [] }, { a: 1 }])).toEqual({ a: 1, $and: [{ $or: [] }] });
    expect(mergeAnd([])).toEqual({});
  });
});
