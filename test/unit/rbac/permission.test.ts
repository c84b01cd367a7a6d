import { describe, expect, it } from 'vitest';
import { covers, isPermission } from '../../../src/rbac/index.js';

describe('permission strings (resource:action[:qualifier])', () => {
  it.each([
    ['chat:complete', true],
    ['models:use:large', true], // design 000
    ['transcript:read:all', true], // design 001
    ['action_item:create', true], // design 001
    ['admin:*', true],
    ['models:use:*', true],
    ['chat', false],
    ['chat:', false],
    ['*:read', false],
    ['chat:*:x', false],
    ['a:b:c:d', false],
    ['Chat:Complete', false],
    [' chat:complete', false],
  ])('%s is well-formed: %s', (value, expected) => {
    expect(isPermission(value)).toBe(expected);
  });

  it.each([
    ['chat:*', 'chat:stream', true],
    ['admin:*', 'billing:manage', true],
    ['models:use:*', 'models:use:large', true],
    ['models:use:*', 'models:list', false],
    ['chat:*', 'chatter:send', false], // the colon is part of the prefix
    ['models:*', 'models:use:large', true],
    ['transcript:read', 'transcript:read:all', false], // design 001: read-own never implies read-all
  ])('grant %s covers %s: %s', (grant, permission, expected) => {
    expect(covers(grant, permission)).toBe(expected);
  });
});
