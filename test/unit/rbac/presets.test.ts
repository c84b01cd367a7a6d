import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, ROLE_PRESETS } from '../../../config/roles/index.js';
import { compilePolicy } from '../../../src/rbac/index.js';

describe('role presets (config/roles)', () => {
  it.each(PRESET_NAMES)('%s compiles (roles, mapping and ACLs agree)', (name) => {
    expect(() => compilePolicy(ROLE_PRESETS[name])).not.toThrow();
  });

  it.each([
    ['api-platform', 'seed 000', ['admin', 'developer', 'analyst', 'service', 'viewer']],
    ['org-hierarchy', 'seed 001', ['viewer', 'member', 'manager', 'admin', 'owner']],
    ['group-based', 'seed 002', ['member', 'admin']],
  ] as const)('%s carries the roles of %s', (name, _seed, roles) => {
    expect(ROLE_PRESETS[name].roles.map((r) => r.name)).toEqual(roles);
  });

  it('cannot be changed in place by a caller', () => {
    expect(() => (ROLE_PRESETS['api-platform'].roles as unknown[]).push({})).toThrow();
  });
});
