import { describe, expect, it } from 'vitest';
import { applyPatch, type View } from '../../../src/scim/patch/apply-patch.js';
import { splitGroupPatch } from '../../../src/scim/patch/member-ops.js';
import { parsePatchRequest } from '../../../src/scim/patch/patch-request.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../../src/scim/schema/schemas.js';

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
