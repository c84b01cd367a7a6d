import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/scim/filter/lexer.js';
import { parseFilter, toAttrPath } from '../../../src/scim/filter/parser.js';

// RFC 7644 §3.4.2.2 filter syntax: the tokens, the tree, and the invalidFilter detail (with the
// 1-based position) a client gets for each kind of mistake.

function refusal(text: string, limits?: Parameters<typeof parseFilter>[1]): { code: string; message: string } {
  try {
    parseFilter(text, limits);
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  throw new Error(`parsed: ${text}`);
}

describe('tokens', () => {
  it('skips spaces, tabs and line breaks; reads punctuation, strings, numbers and words with their positions', () => {
    expect(tokenize(' a\teq\n"x"\r(1.5e2)[b]')).toEqual([
      { type: 'word', value: 'a', at: 1 },
      { type: 'word', value: 'eq', at: 3 },
      { type: 'string', value: 'x', at: 6 },
      { type: 'lparen', at: 10 },
      { type: 'number', value: 150, at: 11 },
      { type: 'rparen', at: 16 },
      { type: 'lbracket', at: 17 },
      { type: 'word', value: 'b', at: 18 },
      { type: 'rbracket', at: 19 },
    ]);
  });

  it('reads JSON escapes in strings, negative numbers, and "]." followed by a sub-attribute', () => {
    expect(tokenize('"a\\"b\\u0041" -3')).toEqual([
      { type: 'string', value: 'a"bA', at: 0 },
      { type: 'number', value: -3, at: 13 },
    ]);
    expect(tokenize('x[y pr].value')).toContainEqual({ type: 'word', value: '.value', at: 7 });
    expect(tokenize('a.b')).toEqual([{ type: 'word', value: 'a.b', at: 0 }]);
  });

  it.each([
    ['title eq "open', 'unterminated string starting at position 10'],
    ['title eq "a\\qb"', 'invalid escape in the string starting at position 10'],
    ['emails[type pr]. eq "x"', 'expected a sub-attribute after "]." at position 16'],
    ['title eq #', 'unexpected character "#" at position 10'],
  ])('refuses %s', (text, message) => {
    expect(() => tokenize(text)).toThrow(message);
    expect(refusal(text)).toEqual({ code: 'scim_invalid_filter', message });
  });
});

describe('attribute paths', () => {
  it('reads a name, a sub-attribute and a URN prefix', () => {
    expect(toAttrPath('name.givenName')).toEqual({ name: 'name', sub: 'givenName' });
    expect(toAttrPath('URN:x:y:User:manager.value')).toEqual({ uri: 'URN:x:y:User', name: 'manager', sub: 'value' });
    expect(toAttrPath('members.$ref')).toEqual({ name: 'members', sub: '$ref' });
    expect(toAttrPath('title')).toEqual({ name: 'title' });
  });

  it.each(['a.b.c', '1abc', 'a._b', 'a.'])('refuses %s', (word) => {
    expect(() => toAttrPath(word)).toThrow(`"${word}" is not an attribute path`);
  });
});

describe('the tree', () => {
  it('reads every comparison operator whatever its case, and true, false and null', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter(`title ${op.toUpperCase()} "x"`)).toEqual({
        kind: 'compare',
        path: { name: 'title' },
        op,
        value: 'x',
      });
    }
    expect(parseFilter('active eq TRUE')).toMatchObject({ value: true });
    expect(parseFilter('active eq False')).toMatchObject({ value: false });
    expect(parseFilter('title eq NULL')).toMatchObject({ value: null });
    expect(parseFilter('x gt 2')).toMatchObject({ value: 2 });
    expect(parseFilter('title PR')).toEqual({ kind: 'present', path: { name: 'title' } });
  });

  it('reads and, or and not whatever their case, and a lenient "].sub op value" tail', () => {
    expect(parseFilter('a pr AND b pr Or NOT (c pr)')).toEqual({
      kind: 'or',
      items: [
        {
          kind: 'and',
          items: [
            { kind: 'present', path: { name: 'a' } },
            { kind: 'present', path: { name: 'b' } },
          ],
        },
        { kind: 'not', item: { kind: 'present', path: { name: 'c' } } },
      ],
    });
    expect(parseFilter('emails[type eq "work"].value eq "x"')).toEqual({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: {
        kind: 'and',
        items: [
          { kind: 'compare', path: { name: 'type' }, op: 'eq', value: 'work' },
          { kind: 'compare', path: { name: 'value' }, op: 'eq', value: 'x' },
        ],
      },
    });
    expect(parseFilter('emails[type eq "work"] and title pr')).toMatchObject({
      kind: 'and',
      items: [{ kind: 'valuePath' }, { kind: 'present' }],
    });
  });

  it.each([
    ['', 'the filter is empty'],
    ['   ', 'the filter is empty'],
    ['title pr title pr', 'unexpected "title" at position 10'],
    ['title pr )', 'unexpected ")" at position 10'],
    ['not title pr', 'expected "(" after "not" at position 5, got "title"'],
    ['(title pr', 'the filter ends where ")" was expected'],
    ['(title pr ]', 'expected ")" at position 11, got "]"'],
    ['eq eq "x"', 'expected an attribute path at position 1, got "eq"'],
    ['"x" eq "x"', 'expected an attribute path at position 1, got "x"'],
    ['title pr and', 'the filter ends where an attribute path was expected'],
    ['title', 'the filter ends where an operator was expected'],
    ['title is "x"', 'expected an operator (eq ne co sw ew gt ge lt le pr) at position 7'],
    ['title ( "x"', 'expected an operator (eq ne co sw ew gt ge lt le pr) at position 7'],
    ['title eq', 'the filter ends where a value was expected'],
    ['title eq maybe', 'expected a value (a quoted string, number, true, false or null) at position 10'],
    ['title eq (', 'expected a value (a quoted string, number, true, false or null) at position 10'],
    ['emails[type eq "work"', 'the filter ends where "]" was expected'],
    ['emails[value[type pr]]', 'a value filter cannot contain another value filter'],
    ['name.givenName[value pr]', '"name.givenName[…]": a value filter applies to an attribute, not a sub-attribute'],
    ['or pr', 'expected an attribute path at position 1, got "or"'],
    ['pr eq "x"', 'expected an attribute path at position 1, got "pr"'],
    ['true eq "x"', 'expected an attribute path at position 1, got "true"'],
    ['False pr', 'expected an attribute path at position 1, got "False"'],
    ['null eq 1', 'expected an attribute path at position 1, got "null"'],
    ['title pr 5', 'unexpected 5 at position 10'],
    ['title pr (', 'unexpected "(" at position 10'],
    ['title pr [', 'unexpected "[" at position 10'],
    ['.title pr', 'unexpected character "." at position 1'],
    ['xurn:a pr', '"xurn:a" is not an attribute path'],
  ])('refuses %j: %s', (text, message) => {
    expect(refusal(text)).toEqual({ code: 'scim_invalid_filter', message });
  });

  it('refuses filters beyond the length, depth and comparison limits, and accepts them at the limit', () => {
    const limits = { maxLength: 40, maxDepth: 2, maxTerms: 3 };
    expect(refusal(`${'t'.repeat(30)} pr or x pr`, limits)).toEqual({
      code: 'scim_invalid_filter',
      message: 'the filter is longer than 40 characters',
    });
    expect(() => parseFilter(`${'t'.repeat(29)} pr or x pr`, limits)).not.toThrow();
    expect(refusal('(((a pr)))', limits)).toEqual({
      code: 'scim_invalid_filter',
      message: 'the filter nests deeper than 2 levels',
    });
    expect(() => parseFilter('((a pr))', limits)).not.toThrow();
    expect(refusal('not (not (not (a pr)))', limits)).toEqual({
      code: 'scim_invalid_filter',
      message: 'the filter nests deeper than 2 levels',
    });
    expect(() => parseFilter('(a[b pr])', limits)).not.toThrow(); // a value filter at the depth limit
    expect(refusal('(a[b[c pr]])', { ...limits, maxDepth: 1 })).toEqual({
      code: 'scim_invalid_filter',
      message: 'the filter nests deeper than 1 levels',
    });
    expect(refusal('a pr or b pr or c pr or d pr', limits)).toEqual({
      code: 'scim_invalid_filter',
      message: 'the filter has more than 3 comparisons',
    });
    expect(() => parseFilter('a pr or b pr or c pr', limits)).not.toThrow();
  });
});
