import { describe, expect, it } from 'vitest';
import { parsePatchPath } from '../../../src/scim/patch/patch-path.js';
import { USER_RESOURCE } from '../../../src/scim/schema/schemas.js';

// PATCH paths (RFC 7644 §3.5.2: attrPath / valuePath [subAttr]) resolved against the User schema,
// and the invalidPath detail (RFC 7644 §3.12) a client gets for each kind of mistake.

function refusal(path: string): { code: string; message: string } {
  try {
    parsePatchPath(USER_RESOURCE, path);
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  throw new Error(`accepted: ${path}`);
}

describe('PATCH paths', () => {
  it('resolves an attribute, a sub-attribute, a value filter with a sub-attribute and an extension', () => {
    expect(parsePatchPath(USER_RESOURCE, 'userName')).toMatchObject({ kind: 'attribute', attr: { name: 'userName' } });
    expect(parsePatchPath(USER_RESOURCE, 'name.givenName')).toMatchObject({
      attr: { name: 'name' },
      sub: { name: 'givenName' },
    });
    const filtered = parsePatchPath(USER_RESOURCE, 'emails[type eq "work"].value');
    expect(filtered).toMatchObject({
      attr: { name: 'emails' },
      sub: { name: 'value' },
      filter: { kind: 'compare', op: 'eq', value: 'work' },
    });
    const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(parsePatchPath(USER_RESOURCE, ext)).toMatchObject({ kind: 'extension', extension: { id: ext } });
    expect(parsePatchPath(USER_RESOURCE, `${ext}:employeeNumber`)).toMatchObject({
      kind: 'attribute',
      extension: { id: ext },
      attr: { name: 'employeeNumber' },
    });
  });

  it.each([
    [' ', '" " is not an attribute path'],
    ['"emails"', '""emails"" is not an attribute path'],
    ['[type eq "work"]', '"[type eq "work"]" is not an attribute path'],
    ['emails(type eq "work")', '"emails(type eq "work")" is not an attribute path'],
    ['emails[type eq "work"', '"emails[type eq "work"" is not an attribute path'],
    ['emails[type eq "work]', '"emails[type eq "work]" is not an attribute path'],
    ['emails#', '"emails#" is not an attribute path'],
    ['name.givenName.x', '"name.givenName.x" is not an attribute path'],
    ['emails[type eq]', '"emails[type eq]": the filter ends where a value was expected'],
    ['emails[value[type pr]]', '"emails[value[type pr]]": a value filter cannot contain another value filter'],
    ['emails[type eq "work"] value', '"emails[type eq "work"] value": unexpected text after "]"'],
    ['emails[type eq "work"] "x"', '"emails[type eq "work"] "x"": unexpected text after "]"'],
    ['emails[type eq "work"].value x', '"emails[type eq "work"].value x": unexpected text after "]"'],
    ['emails[type eq "work"].nope', '"nope" is not a sub-attribute of emails'],
    [
      'name.givenName[value eq "x"]',
      '"name.givenName[value eq "x"]": a value filter applies to an attribute, not a sub-attribute',
    ],
    ['favouriteColour', '"favouriteColour" is not an attribute of User'],
    ['name[givenName eq "x"]', '"name[givenName eq "x"]": value filters select elements of multi-valued attributes'],
    ['userName[value eq "x"]', '"userName[value eq "x"]": value filters select elements of multi-valued attributes'],
  ])('refuses %j: %s', (path, message) => {
    expect(refusal(path)).toEqual({ code: 'scim_invalid_path', message });
  });
});
