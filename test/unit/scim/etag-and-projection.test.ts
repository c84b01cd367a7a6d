import { describe, expect, it } from 'vitest';
import { etagOf, ifMatchVersions, ifNoneMatchHits } from '../../../src/scim/etag.js';
import { parseProjection, project, shows } from '../../../src/scim/resources/projection.js';
import { USER_RESOURCE } from '../../../src/scim/schema/schemas.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('ETags (RFC 7644 §3.14, RFC 7232)', () => {
  it('meta.version is a weak tag over the version counter', () => {
    expect(etagOf(3)).toBe('W/"3"');
  });

  it('If-Match lists compare weakly; "*" and an absent header set no condition', () => {
    expect(ifMatchVersions('W/"3", "4"')).toEqual([3, 4]);
    expect(ifMatchVersions('*')).toBeUndefined();
    expect(ifMatchVersions(undefined)).toBeUndefined();
    expect(ifMatchVersions('"not-ours"')).toEqual([]);
  });

  it('If-None-Match hits on the current version or "*"', () => {
    expect(ifNoneMatchHits('W/"2"', 2)).toBe(true);
    expect(ifNoneMatchHits('"1", "2"', 2)).toBe(true);
    expect(ifNoneMatchHits('*', 9)).toBe(true);
    expect(ifNoneMatchHits('W/"1"', 2)).toBe(false);
  });
});

describe('attributes / excludedAttributes (RFC 7644 §3.9)', () => {
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
    id: 'u1',
    userName: 'a',
    name: { givenName: 'A', familyName: 'B' },
    emails: [
      { value: 'x', type: 'work' },
      { value: 'y', type: 'home' },
    ],
    [ENT]: { department: 'D', employeeNumber: '7' },
    meta: { resourceType: 'User' },
  };

  it('names are case-insensitive and may be URN-qualified', () => {
    const projection = parseProjection(
      USER_RESOURCE,
      `USERNAME,emails.VALUE,${ENT}:department,urn:ietf:params:scim:schemas:core:2.0:User:name.familyName`,
    );
    expect(project(user, projection)).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: 'a',
      name: { familyName: 'B' },
      emails: [{ value: 'x' }, { value: 'y' }],
      [ENT]: { department: 'D' },
    });
  });

  it('excluding a whole extension drops its URN from schemas', () => {
    expect(project(user, parseProjection(USER_RESOURCE, undefined, ENT)).schemas).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
    ]);
  });

  it('unknown names select and exclude nothing', () => {
    expect(project(user, parseProjection(USER_RESOURCE, 'nope'))).toEqual({
      schemas: user.schemas.slice(0, 1),
      id: 'u1',
    });
    expect(project(user, parseProjection(USER_RESOURCE, undefined, 'nope'))).toEqual(user);
  });

  it('tells whether a derived attribute will be shown, so its data is read only then', () => {
    expect(shows(parseProjection(USER_RESOURCE, undefined, 'groups'), 'groups')).toBe(false);
    expect(shows(parseProjection(USER_RESOURCE, 'groups.display'), 'groups')).toBe(true);
    expect(shows(parseProjection(USER_RESOURCE, 'userName'), 'groups')).toBe(false);
    expect(shows(parseProjection(USER_RESOURCE), 'groups')).toBe(true);
  });
});
