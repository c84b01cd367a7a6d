import { describe, expect, it } from 'vitest';
import { applyPatch, type View } from '../../../src/scim/patch/apply-patch.js';
import { memberIds, splitGroupPatch } from '../../../src/scim/patch/member-ops.js';
import { parsePatchRequest } from '../../../src/scim/patch/patch-request.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../../src/scim/schema/schemas.js';
import { codeAndMessageOf } from '../../helpers/errors.js';

// The PATCH engine on a resource's SCIM view (RFC 7644 §3.5.2), without HTTP or a store.

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const run = (view: View, ...Operations: unknown[]) =>
  applyPatch(view, parsePatchRequest({ schemas: [PATCH_OP], Operations }), {
    resource: USER_RESOURCE,
    resourceId: 'u1',
  });

describe('PATCH engine', () => {
  it('skips a value already added, across operations, even after a sub-attribute changed it', () => {
    const add = (value: string) => ({ op: 'add', path: 'emails', value: [{ value }] });
    const view = run(
      { userName: 'a' },
      add('x'),
      add('x'),
      { op: 'replace', path: 'emails.value', value: 'y' },
      add('y'),
      add('x'),
      { op: 'remove', path: 'emails[value eq "x"]' },
      add('x'),
    );
    expect(view.emails).toEqual([{ value: 'y' }, { value: 'x' }]);
  });

  it('refuses an operation that takes an attribute past its value cap, naming the cap', () => {
    const emails = Array.from({ length: 101 }, (_v, i) => ({ value: `e${i}` }));
    expect(() => run({ userName: 'a' }, { op: 'add', path: 'emails', value: emails })).toThrow(
      expect.objectContaining({ code: 'scim_too_many', message: expect.stringContaining('at most 100 values') }),
    );
  });

  it('leaves the input view untouched', () => {
    const view = { userName: 'a', emails: [{ value: 'x', type: 'work' }] };
    run(view, { op: 'replace', path: 'emails[type eq "work"].value', value: 'y' });
    expect(view.emails[0].value).toBe('x');
  });

  it('matches attribute and sub-attribute names case-insensitively (RFC 7643 §2.1)', () => {
    expect(run({ userName: 'a' }, { op: 'add', path: 'NAME.GivenName', value: 'B' })).toEqual({
      userName: 'a',
      name: { givenName: 'B' },
    });
    expect(run({ userName: 'a' }, { op: 'add', path: 'emails', value: [{ Value: 'x', TYPE: 'work' }] })).toEqual({
      userName: 'a',
      emails: [{ value: 'x', type: 'work' }],
    });
  });

  it('replace of a complex single value merges sub-attributes (RFC 7644 §3.5.2.3)', () => {
    expect(
      run({ name: { givenName: 'A', familyName: 'B' } }, { op: 'replace', path: 'name', value: { familyName: 'C' } }),
    ).toEqual({ name: { givenName: 'A', familyName: 'C' } });
  });

  it('replace with a filter and no sub-attribute replaces the matching elements whole', () => {
    const view = {
      phoneNumbers: [
        { value: '1', type: 'work' },
        { value: '2', type: 'home' },
      ],
    };
    expect(
      run(view, { op: 'replace', path: 'phoneNumbers[type eq "work"]', value: { value: '9', type: 'work' } })
        .phoneNumbers,
    ).toEqual([
      { value: '9', type: 'work' },
      { value: '2', type: 'home' },
    ]);
  });

  it('removes a sub-attribute from the matching elements only', () => {
    const view = {
      emails: [
        { value: 'a', type: 'work', display: 'A' },
        { value: 'b', type: 'home', display: 'B' },
      ],
    };
    expect(run(view, { op: 'remove', path: 'emails[type eq "work"].display' }).emails).toEqual([
      { value: 'a', type: 'work' },
      { value: 'b', type: 'home', display: 'B' },
    ]);
  });

  it('a whole extension URN as the path takes an object of its attributes', () => {
    const ent = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(run({}, { op: 'add', path: ent, value: { department: 'X', manager: { value: 'm' } } })).toEqual({
      [ent]: { department: 'X', manager: { value: 'm' } },
    });
    expect(run({ [ent]: { department: 'X' } }, { op: 'remove', path: ent })).toEqual({});
  });

  it('password is accepted and dropped: Roster keeps none', () => {
    expect(run({ userName: 'a' }, { op: 'replace', path: 'password', value: 'secret' })).toEqual({ userName: 'a' });
  });

  it('splits a Group PATCH into member changes and attribute operations, in order', () => {
    const split = splitGroupPatch(
      GROUP_RESOURCE,
      parsePatchRequest({
        schemas: [PATCH_OP],
        Operations: [
          { op: 'add', path: 'members', value: [{ value: 'u1' }] },
          { op: 'replace', path: 'displayName', value: 'G' },
          { op: 'remove', path: 'members[value eq "u2" or value eq "u3"]' },
          { op: 'replace', value: { members: [{ value: 'u4' }], externalId: 'e' } },
        ],
      }),
    );
    expect(split.memberChanges).toEqual([
      { op: 'add', userIds: ['u1'] },
      { op: 'remove', userIds: ['u2', 'u3'] },
      { op: 'set', userIds: ['u4'] },
    ]);
    expect(split.attributeOps.map((o) => o.path ?? o.value)).toEqual(['displayName', { externalId: 'e' }]);
  });

  it('refuses a members filter that names members by something other than their value', () => {
    expect(() =>
      splitGroupPatch(
        GROUP_RESOURCE,
        parsePatchRequest({ schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members[display co "x"]' }] }),
      ),
    ).toThrow(expect.objectContaining({ code: 'scim_invalid_path' }));
  });
});

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const groupSplit = (...Operations: unknown[]) =>
  splitGroupPatch(GROUP_RESOURCE, parsePatchRequest({ schemas: [PATCH_OP], Operations }));

const failure = codeAndMessageOf;

describe('PATCH limits (README "Limits"): at the cap accepted, one more refused, naming both', () => {
  it('values of one attribute', () => {
    const emails = (n: number) => Array.from({ length: n }, (_v, i) => ({ value: `e${i}` }));
    expect((run({}, { op: 'add', path: 'emails', value: emails(100) }).emails as unknown[]).length).toBe(100);
    expect(failure(() => run({}, { op: 'add', path: 'emails', value: emails(101) }))).toEqual({
      code: 'scim_too_many',
      message: 'emails may hold at most 100 values; this request has 101 (see "Limits" in the README)',
    });
  });

  it('operations of one PATCH', () => {
    const ops = (n: number) => Array.from({ length: n }, () => ({ op: 'add', path: 'title', value: 'x' }));
    expect(parsePatchRequest({ schemas: [PATCH_OP], Operations: ops(1000) })).toHaveLength(1000);
    expect(failure(() => parsePatchRequest({ schemas: [PATCH_OP], Operations: ops(1001) }))).toEqual({
      code: 'scim_too_many',
      message: 'a PATCH may carry at most 1,000 operations; this request has 1,001 (see "Limits" in the README)',
    });
  });

  it('members named by one request, counted over all its operations', () => {
    const members = (n: number, from = 0) => Array.from({ length: n }, (_v, i) => ({ value: `u${from + i}` }));
    const refused = (n: string) => ({
      code: 'scim_too_many',
      message: `one request may name at most 10,000 members; this request has ${n} (see "Limits" in the README)`,
    });
    expect(memberIds(members(10_000), 1)).toHaveLength(10_000);
    expect(failure(() => memberIds(members(10_001), 1))).toEqual(refused('10,001'));
    const split = groupSplit(
      { op: 'add', path: 'members', value: members(5000) },
      { op: 'remove', path: 'members', value: members(5000, 5000) },
    );
    expect(split.memberChanges.map((c) => ('userIds' in c ? c.userIds.length : 0))).toEqual([5000, 5000]);
    expect(
      failure(() =>
        groupSplit(
          { op: 'add', path: 'members', value: members(6000) },
          { op: 'remove', path: 'members', value: members(4001, 6000) },
        ),
      ),
    ).toEqual(refused('10,001'));
  });
});

describe('PATCH edge cases', () => {
  it('refuses a members filter that names a member by anything but value eq "<id>" (type eq "User" aside)', () => {
    const refused = {
      code: 'scim_invalid_path',
      message: 'operation 1: a members filter must name members by value eq "<id>"',
    };
    expect(failure(() => groupSplit({ op: 'remove', path: 'members[value eq "u1" and type eq "Group"]' }))).toEqual(
      refused,
    );
    expect(failure(() => groupSplit({ op: 'remove', path: 'members[value eq "u1" and display eq "User"]' }))).toEqual(
      refused,
    );
    expect(failure(() => groupSplit({ op: 'remove', path: 'members[value eq 5]' }))).toEqual(refused);
  });

  it('refuses a change of the read-only manager.displayName (RFC 7643 §4.3) under a writable manager', () => {
    expect(failure(() => run({}, { op: 'replace', path: `${ENT}:manager.displayName`, value: 'Boss' }))).toEqual({
      code: 'scim_mutability',
      message: 'operation 1: manager.displayName is read-only',
    });
  });

  it('replace with null clears a complex or a multi-valued attribute', () => {
    expect(run({ name: { givenName: 'A' } }, { op: 'replace', path: 'name', value: null })).toEqual({ name: null });
    expect(run({ emails: [{ value: 'a' }] }, { op: 'replace', path: 'emails', value: null })).toEqual({});
  });

  it('keeps sub-attribute keys the schema does not know, for validation to report', () => {
    expect(run({}, { op: 'add', path: 'name', value: { GIVENNAME: 'A', nickname: 'x' } })).toEqual({
      name: { givenName: 'A', nickname: 'x' },
    });
  });

  it('a new primary value leaves values that had no primary flag without one', () => {
    expect(
      run({ emails: [{ value: 'a' }] }, { op: 'add', path: 'emails', value: [{ value: 'b', primary: true }] }),
    ).toEqual({ emails: [{ value: 'a' }, { value: 'b', primary: true }] });
  });

  it('an element created for a filter that no value matched takes primary from the others', () => {
    const view = run(
      { emails: [{ value: 'h', type: 'home', primary: true }] },
      { op: 'replace', path: 'emails[type eq "work"]', value: { value: 'w', primary: true } },
    );
    expect(view.emails).toEqual([
      { value: 'h', type: 'home', primary: false },
      { type: 'work', value: 'w', primary: true },
    ]);
  });

  it('remove with a value list removes every element it names, and nothing for a non-object', () => {
    const emails = [{ value: 'a' }, { value: 'b' }, { value: 'c' }];
    expect(run({ emails }, { op: 'remove', path: 'emails', value: [{ value: 'a' }, { value: 'c' }] })).toEqual({
      emails: [{ value: 'b' }],
    });
    expect(run({ emails }, { op: 'remove', path: 'emails', value: [''] })).toEqual({ emails });
  });

  it('remove of a sub-attribute takes the key away, with or without a filter', () => {
    const emails = [
      { value: 'a', type: 'work', display: 'A' },
      { value: 'b', type: 'home', display: 'B' },
    ];
    expect(run({ emails }, { op: 'remove', path: 'emails.display' })).toStrictEqual({
      emails: [
        { value: 'a', type: 'work' },
        { value: 'b', type: 'home' },
      ],
    });
    expect(run({ emails }, { op: 'remove', path: 'emails[type eq "work"].display' })).toStrictEqual({
      emails: [{ value: 'a', type: 'work' }, emails[1]],
    });
  });

  it('replace with a filter drops what the new value does not carry', () => {
    const emails = [{ value: 'a', type: 'work', display: 'A' }];
    expect(
      run({ emails }, { op: 'replace', path: 'emails[type eq "work"]', value: { value: 'b', type: 'work' } }),
    ).toEqual({
      emails: [{ value: 'b', type: 'work' }],
    });
  });

  it('remove of an extension URN with a value removes only the attributes it names', () => {
    expect(
      run({ [ENT]: { department: 'X', employeeNumber: '1' } }, { op: 'remove', path: ENT, value: { department: 'X' } }),
    ).toEqual({ [ENT]: { employeeNumber: '1' } });
  });

  it("without a path, skips only the id key when it repeats the resource's id", () => {
    expect(run({}, { op: 'add', value: { title: 'u1', id: 'u1' } })).toEqual({ title: 'u1' });
  });
});
