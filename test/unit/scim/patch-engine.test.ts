import { describe, expect, it } from 'vitest';
import { applyPatch, type View } from '../../../src/scim/patch/apply-patch.js';
import { memberIds, splitGroupPatch } from '../../../src/scim/patch/member-ops.js';
import { parsePatchRequest, PATCH_OP_SCHEMA } from '../../../src/scim/patch/patch-request.js';
import { identity, keepOnePrimary } from '../../../src/scim/patch/patch-values.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../../src/scim/schema/schemas.js';
import { codeAndMessageOf } from '../../helpers/errors.js';

// RFC 7644 §3.5.2 add / remove / replace on a resource's SCIM view, and the PatchOp message
// itself: each rule the engine applies, and the error (scimType and detail) a client receives
// when it breaks one.

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const request = (...Operations: unknown[]) => parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations });
const run = (view: View, ...Operations: unknown[]) =>
  applyPatch(view, request(...Operations), { resource: USER_RESOURCE, resourceId: 'u1' });

const failure = codeAndMessageOf;

describe('the PatchOp message (RFC 7644 §3.5.2)', () => {
  it('reads op, path and value whatever their case, trims the path and numbers operations from 1', () => {
    expect(
      parsePatchRequest({
        SCHEMAS: [PATCH_OP_SCHEMA.toUpperCase()],
        operations: [
          { OP: 'Add', PATH: ' title ', VALUE: 'x' },
          { op: 'REMOVE', path: 'nickName' },
        ],
      }),
    ).toEqual([
      { op: 'add', path: 'title', value: 'x', index: 1 },
      { op: 'remove', path: 'nickName', index: 2 },
    ]);
    expect(
      parsePatchRequest({
        schemas: ['other', PATCH_OP_SCHEMA],
        Operations: [{ op: 'replace', value: { title: 'x' } }],
      }),
    ).toEqual([{ op: 'replace', value: { title: 'x' }, index: 1 }]);
  });

  it.each([
    ['a body that is not an object', [], 'scim_invalid_syntax', 'the request body must be a PatchOp JSON object'],
    ['a body that is null', null, 'scim_invalid_syntax', 'the request body must be a PatchOp JSON object'],
    [
      'no schemas',
      { Operations: [{ op: 'add', value: {} }] },
      'scim_invalid_syntax',
      `"schemas" must be ["${PATCH_OP_SCHEMA}"]`,
    ],
    [
      'another schema',
      { schemas: ['urn:x'], Operations: [{ op: 'add', value: {} }] },
      'scim_invalid_syntax',
      `"schemas" must be ["${PATCH_OP_SCHEMA}"]`,
    ],
    [
      'schemas holding a non-string',
      { schemas: [1], Operations: [{ op: 'add', value: {} }] },
      'scim_invalid_syntax',
      `"schemas" must be ["${PATCH_OP_SCHEMA}"]`,
    ],
    ['no Operations', { schemas: [PATCH_OP_SCHEMA] }, 'scim_invalid_syntax', '"Operations" must be a non-empty array'],
    [
      'empty Operations',
      { schemas: [PATCH_OP_SCHEMA], Operations: [] },
      'scim_invalid_syntax',
      '"Operations" must be a non-empty array',
    ],
    [
      'an operation that is not an object',
      { schemas: [PATCH_OP_SCHEMA], Operations: ['add'] },
      'scim_invalid_syntax',
      'operation 1 must be an object',
    ],
    [
      'an unknown op',
      {
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: 'add', value: {} },
          { op: 'move', value: {} },
        ],
      },
      'scim_invalid_syntax',
      'operation 2: "op" must be add, remove or replace',
    ],
    [
      'an op that is not a string',
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 1, value: {} }] },
      'scim_invalid_syntax',
      'operation 1: "op" must be add, remove or replace',
    ],
    [
      'a blank path',
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: '  ', value: 1 }] },
      'scim_invalid_path',
      'operation 1: "path" must be a non-empty string',
    ],
    [
      'a path that is not a string',
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 3, value: 1 }] },
      'scim_invalid_path',
      'operation 1: "path" must be a non-empty string',
    ],
    [
      'a remove without a path (§3.5.2.2)',
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove' }] },
      'scim_no_target',
      'operation 1: "remove" needs a "path"',
    ],
    [
      'an add without a value',
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'title' }] },
      'scim_invalid_value',
      'operation 1: "add" needs a "value"',
    ],
    [
      'a replace without a value',
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'title' }] },
      'scim_invalid_value',
      'operation 1: "replace" needs a "value"',
    ],
  ])('refuses %s', (_what, body, code, message) => {
    expect(failure(() => parsePatchRequest(body))).toEqual({ code, message });
  });
});

describe('PATCH of single-valued attributes', () => {
  it('add and replace set a simple attribute; remove deletes it', () => {
    expect(run({ userName: 'a' }, { op: 'add', path: 'title', value: 'Boss' })).toEqual({
      userName: 'a',
      title: 'Boss',
    });
    expect(run({ title: 'Boss' }, { op: 'replace', path: 'title', value: 'Chief' })).toEqual({ title: 'Chief' });
    expect(run({ title: 'Boss', userName: 'a' }, { op: 'remove', path: 'title' })).toEqual({ userName: 'a' });
  });

  it('replace of a complex value that is not there yet sets it whole', () => {
    expect(run({}, { op: 'replace', path: 'name', value: { givenName: 'A' } })).toEqual({ name: { givenName: 'A' } });
    expect(run({ name: 'not an object' }, { op: 'replace', path: 'name', value: { givenName: 'A' } })).toEqual({
      name: { givenName: 'A' },
    });
  });

  it('sets, replaces and removes a sub-attribute of a complex value, dropping the value once empty', () => {
    expect(run({}, { op: 'add', path: 'name.givenName', value: 'A' })).toEqual({ name: { givenName: 'A' } });
    expect(
      run({ name: { givenName: 'A', familyName: 'B' } }, { op: 'replace', path: 'name.familyName', value: 'C' }),
    ).toEqual({ name: { givenName: 'A', familyName: 'C' } });
    expect(run({ name: { givenName: 'A', familyName: 'B' } }, { op: 'remove', path: 'name.familyName' })).toEqual({
      name: { givenName: 'A' },
    });
    expect(run({ name: { givenName: 'A' }, userName: 'u' }, { op: 'remove', path: 'name.givenName' })).toEqual({
      userName: 'u',
    });
    expect(run({ userName: 'u' }, { op: 'remove', path: 'name.givenName' })).toEqual({ userName: 'u' });
  });

  it('refuses to change a read-only attribute or sub-attribute (RFC 7643 §2.2), naming it', () => {
    expect(failure(() => run({}, { op: 'replace', path: 'id', value: 'other' }))).toEqual({
      code: 'scim_mutability',
      message: 'operation 1: id is read-only',
    });
    expect(
      failure(() =>
        run({}, { op: 'add', path: 'title', value: 'x' }, { op: 'replace', path: 'meta.created', value: 'x' }),
      ),
    ).toEqual({ code: 'scim_mutability', message: 'operation 2: meta.created is read-only' });
  });

  it('accepts a write-only attribute and keeps nothing of it, whatever the op', () => {
    expect(run({ userName: 'a' }, { op: 'add', path: 'password', value: 'x' })).toEqual({ userName: 'a' });
    expect(run({ userName: 'a' }, { op: 'remove', path: 'password' })).toEqual({ userName: 'a' });
  });
});

describe('PATCH of multi-valued attributes', () => {
  const work = { value: 'w@x', type: 'work' };
  const home = { value: 'h@x', type: 'home' };

  it('add appends values not already there (§3.5.2.1), wrapping a single value', () => {
    expect(
      run({ emails: [work] }, { op: 'add', path: 'emails', value: [{ type: 'work', value: 'w@x' }, home] }),
    ).toEqual({ emails: [work, home] });
    expect(run({}, { op: 'add', path: 'emails', value: home })).toEqual({ emails: [home] });
  });

  it('replace sets the whole list; an empty list removes the attribute', () => {
    expect(run({ emails: [work] }, { op: 'replace', path: 'emails', value: [home] })).toEqual({ emails: [home] });
    expect(run({ emails: [work], userName: 'a' }, { op: 'replace', path: 'emails', value: [] })).toEqual({
      userName: 'a',
    });
  });

  it('a new primary value makes the others non-primary (§3.5.2)', () => {
    const before = { emails: [{ ...work, primary: true }] };
    expect(run(before, { op: 'add', path: 'emails', value: [{ ...home, primary: true }] })).toEqual({
      emails: [
        { ...work, primary: false },
        { ...home, primary: true },
      ],
    });
    expect(run(before, { op: 'add', path: 'emails', value: [home] })).toEqual({
      emails: [{ ...work, primary: true }, home],
    });
  });

  it('remove without a value removes them all; with a value list, the elements it names (Entra)', () => {
    expect(run({ emails: [work, home], userName: 'a' }, { op: 'remove', path: 'emails' })).toEqual({ userName: 'a' });
    expect(run({ emails: [work, home] }, { op: 'remove', path: 'emails', value: [{ value: 'w@x' }] })).toEqual({
      emails: [home],
    });
    expect(
      run({ emails: [work, home] }, { op: 'remove', path: 'emails', value: [{ value: 'w@x', type: null }] }),
    ).toEqual({ emails: [home] });
    expect(
      run({ emails: [work, home] }, { op: 'remove', path: 'emails', value: [{ value: 'w@x', type: 'home' }] }),
    ).toEqual({ emails: [work, home] });
    expect(run({ emails: [work], userName: 'a' }, { op: 'remove', path: 'emails', value: { value: 'w@x' } })).toEqual({
      userName: 'a',
    });
  });

  it('a sub-attribute path without a filter changes that sub-attribute of every element', () => {
    expect(run({ emails: [work, home] }, { op: 'replace', path: 'emails.display', value: 'D' })).toEqual({
      emails: [
        { ...work, display: 'D' },
        { ...home, display: 'D' },
      ],
    });
    expect(run({ emails: [{ ...work, display: 'D' }, home] }, { op: 'remove', path: 'emails.display' })).toEqual({
      emails: [work, home],
    });
    expect(failure(() => run({ userName: 'a' }, { op: 'add', path: 'emails.display', value: 'D' }))).toEqual({
      code: 'scim_no_target',
      message: 'operation 1: emails has no values',
    });
    expect(run({ userName: 'a' }, { op: 'remove', path: 'emails.display' })).toEqual({ userName: 'a' });
  });
});

describe('PATCH with a value filter (§3.5.2, path "attr[filter]")', () => {
  const work = { value: 'w@x', type: 'work' };
  const home = { value: 'h@x', type: 'home' };

  it('remove deletes the matching elements, and the attribute once none is left', () => {
    expect(run({ emails: [work, home] }, { op: 'remove', path: 'emails[type eq "work"]' })).toEqual({ emails: [home] });
    expect(run({ emails: [work], userName: 'a' }, { op: 'remove', path: 'emails[type eq "work"]' })).toEqual({
      userName: 'a',
    });
    // nothing there: no change
    expect(run({ emails: [home] }, { op: 'remove', path: 'emails[type eq "work"]' })).toEqual({ emails: [home] });
  });

  it('add merges into the matching elements; replace puts the value in their place', () => {
    expect(
      run({ emails: [work, home] }, { op: 'add', path: 'emails[type eq "work"]', value: { display: 'W' } }),
    ).toEqual({ emails: [{ ...work, display: 'W' }, home] });
    expect(
      run(
        { emails: [work, home] },
        { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'n@x', type: 'home' } },
      ),
    ).toEqual({ emails: [work, { value: 'n@x', type: 'home' }] });
  });

  it('sets a sub-attribute of the matching elements only', () => {
    expect(
      run({ emails: [work, home] }, { op: 'replace', path: 'emails[type eq "home"].value', value: 'n@x' }),
    ).toEqual({ emails: [work, { value: 'n@x', type: 'home' }] });
  });

  it('a matching element made primary makes the others non-primary', () => {
    const view = { emails: [{ ...work, primary: true }, home] };
    expect(run(view, { op: 'replace', path: 'emails[type eq "home"].primary', value: true })).toEqual({
      emails: [
        { ...work, primary: false },
        { ...home, primary: true },
      ],
    });
  });

  it('creates the element an equality filter describes when none matches (Entra), with what the value adds', () => {
    expect(run({ emails: [home] }, { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x' })).toEqual({
      emails: [home, { type: 'work', value: 'w@x' }],
    });
    expect(run({}, { op: 'add', path: 'emails[type eq "work" and primary eq true]', value: { value: 'w@x' } })).toEqual(
      { emails: [{ type: 'work', primary: true, value: 'w@x' }] },
    );
    expect(run({}, { op: 'add', path: 'emails[type eq "work"]', value: 'not an object' })).toEqual({
      emails: [{ type: 'work' }],
    });
  });

  it('answers noTarget when no element matches a filter that does not describe one', () => {
    const noTarget = { code: 'scim_no_target', message: 'operation 1: no value of emails matches the filter' };
    expect(
      failure(() => run({ emails: [home] }, { op: 'replace', path: 'emails[type ne "home"].value', value: 'x' })),
    ).toEqual(noTarget);
    expect(
      failure(() => run({}, { op: 'replace', path: 'emails[type eq "work" or type eq "other"].value', value: 'x' })),
    ).toEqual(noTarget);
    expect(failure(() => run({}, { op: 'replace', path: 'emails[type eq null].value', value: 'x' }))).toEqual(noTarget);
  });
});

describe('PATCH of extensions and without a path', () => {
  it('sets and removes an extension attribute by its full path', () => {
    expect(run({}, { op: 'add', path: `${ENT}:department`, value: 'D' })).toEqual({ [ENT]: { department: 'D' } });
    expect(run({ [ENT]: { department: 'D', division: 'V' } }, { op: 'remove', path: `${ENT}:department` })).toEqual({
      [ENT]: { division: 'V' },
    });
    expect(run({ userName: 'a' }, { op: 'remove', path: `${ENT}:department` })).toEqual({ userName: 'a' });
  });

  it('refuses an extension URN as the path with a value that is not an object', () => {
    expect(failure(() => run({}, { op: 'add', path: ENT, value: 'D' }))).toEqual({
      code: 'scim_invalid_value',
      message: `operation 1: the value for ${ENT} must be an object`,
    });
  });

  it("without a path, applies each key as a path, skipping schemas and the resource's own id", () => {
    expect(
      run(
        { userName: 'a' },
        {
          op: 'replace',
          value: { schemas: ['x'], id: 'u1', 'name.givenName': 'G', [`${ENT}:department`]: 'D', title: 'T' },
        },
      ),
    ).toEqual({
      userName: 'a',
      name: { givenName: 'G' },
      [ENT]: { department: 'D' },
      title: 'T',
    });
    expect(failure(() => run({}, { op: 'replace', value: { id: 'someone-else' } }))).toEqual({
      code: 'scim_mutability',
      message: 'operation 1: id is read-only',
    });
    expect(failure(() => run({}, { op: 'add', value: 'title' }))).toEqual({
      code: 'scim_invalid_value',
      message: 'operation 1: without a "path", "value" must be an object of attributes',
    });
    expect(failure(() => run({}, { op: 'add', value: ['title'] }))).toEqual({
      code: 'scim_invalid_value',
      message: 'operation 1: without a "path", "value" must be an object of attributes',
    });
  });
});

describe('PATCH values', () => {
  it('identity ignores key order and absent (null or undefined) keys, not values', () => {
    expect(identity({ a: 1, b: [{ y: 2, x: 1 }] })).toBe(
      identity({ b: [{ x: 1, y: 2 }], a: 1, c: null, d: undefined }),
    );
    expect(identity({ a: 1 })).not.toBe(identity({ a: '1' }));
    expect(identity([1, 2])).not.toBe(identity([2, 1]));
    expect(identity('x')).toBe('"x"');
    expect(identity({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });

  it('keepOnePrimary leaves the list alone unless a chosen value is primary', () => {
    const a = { value: 'a', primary: true };
    const b = { value: 'b', primary: true };
    const values = [a, b];
    expect(keepOnePrimary(values, new Set())).toBe(values);
    expect(keepOnePrimary(values, new Set([{ value: 'c' }]))).toBe(values);
    expect(keepOnePrimary(values, new Set([b]))).toEqual([{ value: 'a', primary: false }, b]);
    expect(keepOnePrimary(['x', a], new Set([a]))).toEqual(['x', a]);
  });
});

describe('Group PATCH: members', () => {
  const split = (...Operations: unknown[]) => splitGroupPatch(GROUP_RESOURCE, request(...Operations));

  it('turns every member form real clients send into member changes', () => {
    expect(split({ op: 'replace', path: 'members', value: [{ value: 'u1' }] }).memberChanges).toEqual([
      { op: 'set', userIds: ['u1'] },
    ]);
    expect(split({ op: 'remove', path: 'members' }).memberChanges).toEqual([{ op: 'removeAll' }]);
    expect(split({ op: 'remove', path: 'members', value: [{ value: 'u1' }] }).memberChanges).toEqual([
      { op: 'remove', userIds: ['u1'] },
    ]);
    expect(split({ op: 'add', path: 'members[value eq "u9"]', value: [{ value: 'u1' }] }).memberChanges).toEqual([
      { op: 'add', userIds: ['u1'] },
    ]);
    expect(split({ op: 'replace', path: 'members[value eq "u9"]', value: [{ value: 'u1' }] }).memberChanges).toEqual([
      { op: 'remove', userIds: ['u9'] },
      { op: 'add', userIds: ['u1'] },
    ]);
    expect(split({ op: 'remove', path: 'members[value eq "u9" and type eq "User"]' }).memberChanges).toEqual([
      { op: 'remove', userIds: ['u9'] },
    ]);
    expect(split({ op: 'add', value: { Members: [{ value: 'u1' }] } })).toEqual({
      memberChanges: [{ op: 'add', userIds: ['u1'] }],
      attributeOps: [],
    });
    expect(split({ op: 'add', value: { displayName: 'G' } })).toEqual({
      memberChanges: [],
      attributeOps: [{ op: 'add', value: { displayName: 'G' }, index: 1 }],
    });
  });

  it('refuses members filters that do not name members by value eq', () => {
    const refused = {
      code: 'scim_invalid_path',
      message: 'operation 1: a members filter must name members by value eq "<id>"',
    };
    expect(failure(() => split({ op: 'remove', path: 'members[value ne "u1"]' }))).toEqual(refused);
    expect(failure(() => split({ op: 'remove', path: 'members[value eq "u1" and display eq "x"]' }))).toEqual(refused);
    expect(failure(() => split({ op: 'remove', path: 'members[type eq "User"]' }))).toEqual(refused);
  });

  it("refuses to change a member's sub-attributes (RFC 7643 §4.2)", () => {
    expect(failure(() => split({ op: 'replace', path: 'members.display', value: 'x' }))).toEqual({
      code: 'scim_mutability',
      message: 'operation 1: members.display cannot be changed; add or remove the member',
    });
  });

  it('wants each member as an object with a user id as its value', () => {
    const needsValue = {
      code: 'scim_invalid_value',
      message: 'operation 3: each member needs a string "value" (a user id)',
    };
    expect(memberIds(undefined, 1)).toEqual([]);
    expect(memberIds(null, 1)).toEqual([]);
    expect(memberIds({ value: 'u1', type: 'User' }, 1)).toEqual(['u1']);
    expect(failure(() => memberIds(['u1'], 3))).toEqual(needsValue);
    expect(failure(() => memberIds([{ value: '' }], 3))).toEqual(needsValue);
    expect(failure(() => memberIds([{ value: 7 }], 3))).toEqual(needsValue);
    expect(failure(() => memberIds([{ value: 'g1', type: 'Group' }], 2))).toEqual({
      code: 'scim_invalid_value',
      message: 'operation 2: only users can be members (nested groups are not supported)',
    });
  });
});
