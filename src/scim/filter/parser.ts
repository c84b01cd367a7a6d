import { scimError } from '../scim-errors.js';
import { COMPARE_OPS, type AttrPath, type CompareOp, type CompValue, type FilterNode } from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { SCIM_REQUEST_LIMITS } from '../request-limits.js';

// A recursive-descent parser for RFC 7644 §3.4.2.2 filters, following its ABNF:
//   FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
//   valuePath = attrPath "[" valFilter "]"
// with the precedence the RFC's Table 3 gives: grouping first, then `not`, then `and`, then `or`.
// Chains of and/or are read in loops (a 10,000-term chain uses no stack); only grouping recurses,
// and its depth is bounded, so `((((…))))` nested 1,000 deep is a 400 invalidFilter, not a crash.

export interface FilterLimits {
  /** Longest filter text accepted (characters). */
  maxLength: number;
  /** Deepest nesting of (…), […] and not(…). */
  maxDepth: number;
  /** Most comparisons in one filter: each becomes a clause of the store query. */
  maxTerms: number;
}

export const FILTER_LIMITS: FilterLimits = { maxLength: SCIM_REQUEST_LIMITS.filterLength, maxDepth: 32, maxTerms: 200 };

const ATTRNAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;

function invalid(detail: string): never {
  throw scimError('invalidFilter', detail);
}

/** attrPath = [URI ":"] ATTRNAME *1subAttr; a URI is recognised by its "urn:" scheme. */
export function toAttrPath(word: string): AttrPath {
  let uri: string | undefined;
  let rest = word;
  if (/^urn:/i.test(word)) {
    const colon = word.lastIndexOf(':');
    uri = word.slice(0, colon);
    rest = word.slice(colon + 1);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((p) => ATTRNAME.test(p))) invalid(`"${word}" is not an attribute path`);
  return { ...(uri ? { uri } : {}), name: parts[0], ...(parts[1] ? { sub: parts[1] } : {}) };
}

class FilterParser {
  readonly #tokens: Token[];
  readonly #limits: FilterLimits;
  readonly #inValuePath: boolean;
  #pos = 0;
  #terms = 0;

  constructor(tokens: Token[], limits: FilterLimits, inValuePath: boolean) {
    this.#tokens = tokens;
    this.#limits = limits;
    this.#inValuePath = inValuePath;
  }

  parse(): FilterNode {
    if (this.#tokens.length === 0) invalid('the filter is empty');
    const node = this.#or(0, this.#inValuePath);
    const extra = this.#peek();
    if (extra) invalid(`unexpected ${describe(extra)} at position ${extra.at + 1}`);
    return node;
  }

  #or(depth: number, inValuePath: boolean): FilterNode {
    const items = [this.#and(depth, inValuePath)];
    while (this.#keyword('or')) items.push(this.#and(depth, inValuePath));
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  #and(depth: number, inValuePath: boolean): FilterNode {
    const items = [this.#unary(depth, inValuePath)];
    while (this.#keyword('and')) items.push(this.#unary(depth, inValuePath));
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  #unary(depth: number, inValuePath: boolean): FilterNode {
    if (this.#keyword('not')) {
      // RFC 7644 ABNF: "not" applies to a parenthesised filter only.
      this.#expect('lparen', '"(" after "not"');
      const item = this.#group(depth + 1, inValuePath);
      return { kind: 'not', item };
    }
    if (this.#take('lparen')) return this.#group(depth + 1, inValuePath);
    return this.#attrExpression(depth, inValuePath);
  }

  #group(depth: number, inValuePath: boolean): FilterNode {
    if (depth > this.#limits.maxDepth) invalid(`the filter nests deeper than ${this.#limits.maxDepth} levels`);
    const node = this.#or(depth, inValuePath);
    this.#expect('rparen', '")"');
    return node;
  }

  #attrExpression(depth: number, inValuePath: boolean): FilterNode {
    const token = this.#next('an attribute path');
    if (token.type !== 'word' || isKeyword(token.value))
      invalid(`expected an attribute path at position ${token.at + 1}, got ${describe(token)}`);
    const path = toAttrPath(token.value);
    if (this.#take('lbracket')) return this.#valuePath(path, depth + 1, inValuePath);
    return this.#comparison(path);
  }

  #valuePath(path: AttrPath, depth: number, inValuePath: boolean): FilterNode {
    if (inValuePath) invalid('a value filter cannot contain another value filter');
    if (path.sub) invalid(`"${path.name}.${path.sub}[…]": a value filter applies to an attribute, not a sub-attribute`);
    if (depth > this.#limits.maxDepth) invalid(`the filter nests deeper than ${this.#limits.maxDepth} levels`);
    const filter = this.#or(depth, true);
    this.#expect('rbracket', '"]"');
    const sub = this.#peek();
    if (sub?.type !== 'word' || !sub.value.startsWith('.')) return { kind: 'valuePath', path, filter };
    // Lenient: `emails[type eq "work"].value eq "x"` (as Entra's docs query users) is not in the
    // ABNF; it means "an element matching the value filter whose sub-attribute compares".
    this.#pos++;
    const tail = this.#comparison({ name: sub.value.slice(1) });
    return { kind: 'valuePath', path, filter: { kind: 'and', items: [filter, tail] } };
  }

  #comparison(path: AttrPath): FilterNode {
    if (++this.#terms > this.#limits.maxTerms) invalid(`the filter has more than ${this.#limits.maxTerms} comparisons`);
    const operator = this.#next('an operator');
    // Stryker disable next-line StringLiteral: any stand-in is no operator either
    const op = operator.type === 'word' ? operator.value.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op))
      invalid(`expected an operator (eq ne co sw ew gt ge lt le pr) at position ${operator.at + 1}`);
    return { kind: 'compare', path, op: op as CompareOp, value: this.#value() };
  }

  #value(): CompValue {
    const token = this.#next('a value');
    if (token.type === 'string' || token.type === 'number') return token.value;
    // Stryker disable next-line StringLiteral: any stand-in is no value keyword either
    const word = token.type === 'word' ? token.value.toLowerCase() : '';
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return invalid(`expected a value (a quoted string, number, true, false or null) at position ${token.at + 1}`);
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#pos];
  }

  #next(what: string): Token {
    const token = this.#tokens[this.#pos++];
    if (!token) invalid(`the filter ends where ${what} was expected`);
    return token;
  }

  #take(type: Token['type']): boolean {
    if (this.#peek()?.type !== type) return false;
    this.#pos++;
    return true;
  }

  #keyword(word: string): boolean {
    const token = this.#peek();
    if (token?.type !== 'word' || token.value.toLowerCase() !== word) return false;
    this.#pos++;
    return true;
  }

  #expect(type: Token['type'], what: string): void {
    const token = this.#next(what);
    if (token.type !== type) invalid(`expected ${what} at position ${token.at + 1}, got ${describe(token)}`);
  }
}

const KEYWORDS = new Set(['and', 'or', 'not', 'pr', 'true', 'false', 'null', ...COMPARE_OPS]);

function isKeyword(word: string): boolean {
  return KEYWORDS.has(word.toLowerCase());
}

function describe(token: Token): string {
  if (token.type === 'word' || token.type === 'string' || token.type === 'number') return JSON.stringify(token.value);
  return { lparen: '"("', rparen: '")"', lbracket: '"["', rbracket: '"]"' }[token.type];
}

/** Parses a filter; every syntax problem is a 400 invalidFilter (RFC 7644 §3.4.2.2). */
export function parseFilter(text: string, limits: FilterLimits = FILTER_LIMITS): FilterNode {
  if (text.length > limits.maxLength) invalid(`the filter is longer than ${limits.maxLength} characters`);
  return new FilterParser(tokenize(text), limits, false).parse();
}

/** Parses a value filter alone (the part between [ and ] of a PATCH path, RFC 7644 §3.5.2). */
export function parseValueFilter(tokens: Token[], limits: FilterLimits = FILTER_LIMITS): FilterNode {
  return new FilterParser(tokens, limits, true).parse();
}
