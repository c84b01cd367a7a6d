import { describe, expect, it } from 'vitest';
import { normalizeAllowedOrigin, safeReturnTo } from '../../../src/sso/return-to.js';

const ALLOW = ['https://app.acme.test', 'http://localhost:3000'];

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/dashboard', '/dashboard'],
    ['/a/../b?x=1#y', '/b?x=1#y'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['https://app.acme.test', 'https://app.acme.test/'],
    ['https://app.acme.test/inbox?x=1', 'https://app.acme.test/inbox?x=1'],
    ['HTTPS://APP.ACME.TEST/x', 'https://app.acme.test/x'],
    ['http://localhost:3000/cb', 'http://localhost:3000/cb'],
  ])('accepts %j as %j', (input, expected) => {
    expect(safeReturnTo(input, ALLOW)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /x',
    'https:evil.example',
    'https:/evil.example',
    'https://evil.example',
    'https://app.acme.test.evil.example',
    'https://app.acme.test@evil.example',
    'https://user:pw@app.acme.test/',
    'http://app.acme.test/',
    'https://app.acme.test:444/',
    'javascript:alert(1)',
    'data:text/html,x',
    'evil.example',
    '',
    'x'.repeat(3000),
    '/\u0000x',
  ])('refuses %j', (input) => {
    expect(safeReturnTo(input, ALLOW)).toBeUndefined();
  });

  it('refuses anything that is not one string', () => {
    expect(safeReturnTo(['/a'], ALLOW)).toBeUndefined();
    expect(safeReturnTo({ toString: () => '/a' }, ALLOW)).toBeUndefined();
    expect(safeReturnTo(undefined, ALLOW)).toBeUndefined();
  });
});

describe('normalizeAllowedOrigin', () => {
  it('keeps bare http(s) origins only', () => {
    expect(normalizeAllowedOrigin('https://App.Acme.test/')).toBe('https://app.acme.test');
    expect(normalizeAllowedOrigin('https://app.acme.test/path')).toBeUndefined();
    expect(normalizeAllowedOrigin('ftp://app.acme.test')).toBeUndefined();
    expect(normalizeAllowedOrigin('https:app.acme.test')).toBeUndefined();
  });
});
