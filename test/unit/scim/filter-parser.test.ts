import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/scim/filter/parser.js';
import type { RosterError } from '../../../src/errors/index.js';

// RFC 7644 §3.4.2.2: the ABNF, the operators, and the precedence of Table 3 (not > and > or).

function invalidFilter(text: string): RosterError {
  try {
    parseFilter(text);
  } catch (err) {
    return err as RosterError;
  }
  throw new Error(`parsed: ${text}`);
}

describe('SCIM filter parser', () => {
  it('binds and tighter than or', () => {
    expect(parseFilter('title eq "a" or title eq "b" and userType eq "c"')).toMatchObject({
      kind: 'or',
      items: [{ kind: 'compare' }, { kind: 'and', items: [{ kind: 'compare' }, { kind: 'compare' }] }],
    });
  });

  it('binds not tighter than and, and lets parentheses regroup', () => {
    expect(parseFilter('not (title eq "a") and title eq "b"')).toMatchObject({
      kind: 'and',
      items: [{ kind: 'not' }, { kind: 'compare' }],
    });
    expect(parseFilter('title eq "a" and (title eq "b" or title eq "c")')).toMatchObject({
      kind: 'and',
      items: [{ kind: 'compare' }, { kind: 'or' }],
    });
  });

  it('accepts parentheses nested anywhere in a chain', () => {
    const node = parseFilter('(userName eq "a" or (displayName eq "b" and (title eq "c")))');
    expect(node).toMatchObject({ kind: 'or', items: [{ kind: 'compare' }, { kind: 'and' }] });
  });

  it('reads every comparison operator and pr, case-insensitively', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter(`title ${op.toUpperCase()} "x"`)).toEqual({
        kind: 'compare',
        path: { name: 'title' },
        op,
        value: 'x',
      });
    }
    expect(parseFilter('title pr')).toEqual({ kind: 'present', path: { name: 'title' } });
  });

  it('reads true, false, null, numbers and escaped strings as values', () => {
    expect(parseFilter('active eq true')).toMatchObject({ value: true });
    expect(parseFilter('active eq FALSE')).toMatchObject({ value: false });
    expect(parseFilter('title eq null')).toMatchObject({ value: null });
    expect(parseFilter('x gt -1.5e2')).toMatchObject({ value: -150 });
    expect(parseFilter('title eq "say \\"hi\\" \\\\ \\u00e9"')).toMatchObject({ value: 'say "hi" \\ é' });
  });

  it('reads URN-qualified attributes and sub-attributes', () => {
    expect(
      parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"'),
    ).toMatchObject({
      path: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'manager', sub: 'value' },
    });
    expect(parseFilter('name.familyName sw "J"')).toMatchObject({ path: { name: 'name', sub: 'familyName' } });
  });

  it('reads a value path with a logical filter inside', () => {
    expect(parseFilter('emails[type eq "work" and value co "@acme.com"]')).toMatchObject({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: { kind: 'and', items: [{ path: { name: 'type' } }, { path: { name: 'value' } }] },
    });
  });

  it('reads a long or chain iteratively', () => {
    const text = Array.from({ length: 150 }, (_, i) => `title eq "${i}"`).join(' or ');
    expect(parseFilter(text)).toMatchObject({ kind: 'or' });
  });

  it('answers 1,000-deep nesting with invalidFilter, not a stack overflow', () => {
    const error = invalidFilter(`${'('.repeat(1000)}userName eq "a"${')'.repeat(1000)}`);
    expect(error.code).toBe('scim_invalid_filter');
    expect(error.message).toMatch(/deeper than/);
  });

  it('answers too many comparisons and over-long filters with invalidFilter', () => {
    expect(invalidFilter(Array.from({ length: 201 }, () => 'title eq "x"').join(' or ')).message).toMatch(
      /more than 200/,
    );
    expect(invalidFilter(`title eq "${'x'.repeat(9000)}"`).message).toMatch(/longer than/);
  });

  it('refuses what the ABNF does not allow', () => {
    for (const text of [
      '',
      'userName',
      'userName eq',
      'userName xx "a"',
      'not userName eq "a"',
      '(userName eq "a"',
      'userName eq "a")',
      'userName eq "a" and',
      'emails[type eq "a"',
      'emails[type eq "a"]]',
      'userName eq unquoted',
      'userName eq "a" title eq "b"',
      'emails[value co "x" and roles[value eq "y"]]',
      'a.b.c eq "x"',
    ]) {
      expect(invalidFilter(text).code, text).toBe('scim_invalid_filter');
    }
  });
});
