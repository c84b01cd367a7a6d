import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../helpers/errors.js';
import { compileAllowList } from '../../../src/tenants/ip-allow-lists.js';
import { assertPlan, assertSlug, normalizeAllowLists, normalizeCidr } from '../../../src/tenants/index.js';

describe('normalizeCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['  192.168.1.7  ', '192.168.1.7/32'], // a bare IPv4 address is one host
    ['2001:DB8::/32', '2001:db8::/32'], // IPv6 spelled in lowercase
    ['::1', '::1/128'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
    ['10.1.2.3/32', '10.1.2.3/32'],
    ['fe80::/128', 'fe80::/128'],
  ])('%j becomes %j', (entry, canonical) => {
    expect(normalizeCidr(entry)).toBe(canonical);
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/08x',
    '10.0.0.0/1000',
    '10.0.0',
    'example.com',
    '',
  ])('refuses %j with invalid_input naming the entry', (entry) => {
    const error = refusalOf(() => normalizeCidr(entry));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`${JSON.stringify(entry)} is not an IPv4 or IPv6 address or CIDR range`);
  });
});

describe('normalizeAllowLists', () => {
  it('canonicalizes and de-duplicates each surface it is given, leaving the others out', () => {
    expect(normalizeAllowLists({ scim: ['10.0.0.1', '10.0.0.1/32', '2001:DB8::/32'] })).toEqual({
      scim: ['10.0.0.1/32', '2001:db8::/32'],
    });
  });

  it('reads [] and null as "clear this surface"', () => {
    expect(normalizeAllowLists({ api: [], saml: null })).toEqual({ api: null, saml: null });
  });

  it('names unknown surfaces and lists the known ones', () => {
    const error = refusalOf(() => normalizeAllowLists({ scim: [], admin: [], ops: [] }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('unknown surface admin, ops; the surfaces are scim, api, saml');
  });

  it.each([
    ['a string', '10.0.0.0/8'],
    ['a list holding a number', ['10.0.0.0/8', 7]],
    ['an object', { cidr: '10.0.0.0/8' }],
  ])('refuses %s as a list', (_label, value) => {
    const error = refusalOf(() => normalizeAllowLists({ api: value }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('api must be a list of at most 200 CIDR ranges');
  });

  it('accepts 200 entries and refuses 201', () => {
    const ranges = Array.from({ length: 201 }, (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}`);
    expect(normalizeAllowLists({ saml: ranges.slice(0, 200) }).saml).toHaveLength(200);
    expect(refusalOf(() => normalizeAllowLists({ saml: ranges })).message).toContain('at most 200');
  });

  it('refuses the whole input when one entry of one surface is bad', () => {
    const error = refusalOf(() => normalizeAllowLists({ scim: ['10.0.0.0/8'], api: ['10.0.0.0/8', 'nope'] }));
    expect(error.message).toContain('"nope" is not an IPv4 or IPv6 address');
  });
});

describe('compileAllowList', () => {
  const check = compileAllowList(['10.0.0.0/8', '192.168.1.7/32', '2001:db8::/32']);

  it.each([
    ['10.0.0.0', true],
    ['10.255.255.255', true],
    ['11.0.0.0', false],
    ['9.255.255.255', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['2001:db8::1', true],
    ['2001:db8:ffff:ffff::', true],
    ['2001:db9::', false],
    ['::ffff:10.1.2.3', true], // what a dual-stack listener reports for an IPv4 client
    ['::ffff:11.1.2.3', false],
  ])('%s is allowed: %s', (ip, allowed) => {
    expect(check(ip)).toBe(allowed);
  });

  it.each([undefined, '', 'unknown', '10.0.0.0/8'])('refuses an address it cannot parse (%j)', (ip) => {
    expect(check(ip)).toBe(false);
  });

  it('allows nothing with no ranges, and everything of a family with a /0', () => {
    expect(compileAllowList([])('10.0.0.1')).toBe(false);
    const everyV4 = compileAllowList(['0.0.0.0/0']);
    expect(everyV4('203.0.113.9')).toBe(true);
    expect(everyV4('2001:db8::1')).toBe(false);
  });

  it('matches what normalizeAllowLists stored for a bare address', () => {
    const stored = normalizeAllowLists({ scim: ['2001:DB8::5'] }).scim ?? [];
    expect(compileAllowList(stored)('2001:db8::5')).toBe(true);
    expect(compileAllowList(stored)('2001:db8::6')).toBe(false);
  });
});

describe('tenant slug and plan checks', () => {
  it.each(['a', 'acme', 'acme-corp', '0', 'a'.repeat(63)])('accepts slug %j', (slug) => {
    expect(() => assertSlug(slug)).not.toThrow();
  });

  it.each(['', '-acme', 'acme-', 'Acme', 'acme_corp', 'a'.repeat(64), 'ac me', 'acme.corp'])(
    'refuses slug %j',
    (slug) => {
      const error = refusalOf(() => assertSlug(slug));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(`tenant id "${slug}" must be 1-63 lowercase letters`);
    },
  );

  it('refuses an unknown plan and lists the plans', () => {
    const error = refusalOf(() => assertPlan('platinum'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^plan "platinum" must be one of free/);
    expect(() => assertPlan('free')).not.toThrow();
  });
});
