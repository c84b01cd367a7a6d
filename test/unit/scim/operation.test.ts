import { describe, expect, it } from 'vitest';
import { scimOperation } from '../../../src/scim/index.js';

// SCIM operations as /metrics counts them (RFC 7644 §3.2 endpoints).

describe('scimOperation', () => {
  it.each([
    ['POST', '/acme/Users', { op: 'create', resource: 'Users' }],
    ['GET', '/acme/Users', { op: 'list', resource: 'Users' }],
    ['POST', '/acme/Groups/.search', { op: 'list', resource: 'Groups' }],
    ['GET', '/acme/Groups/g1', { op: 'get', resource: 'Groups' }],
    ['PUT', '/acme/Users/u1', { op: 'replace', resource: 'Users' }],
    ['PATCH', '/acme/Groups/g1', { op: 'patch', resource: 'Groups' }],
    ['DELETE', '/acme/Users/u1', { op: 'delete', resource: 'Users' }],
  ])('%s %s is %o', (method, path, expected) => {
    expect(scimOperation(method, path)).toEqual(expected);
  });

  it.each([
    ['GET', '/acme/ServiceProviderConfig'],
    ['GET', '/acme/Me'],
    ['DELETE', '/acme/Users'],
    ['POST', '/acme/Users/u1'],
  ])('does not count %s %s as a resource operation', (method, path) => {
    expect(scimOperation(method, path)).toBeUndefined();
  });
});
