import { scimError } from '../scim-errors.js';

// Tokens of a SCIM filter (RFC 7644 §3.4.2.2). A single left-to-right pass with no backtracking
// regular expressions, so a hostile filter costs time linear in its length.

export type Token =
  | { type: 'lparen' | 'rparen' | 'lbracket' | 'rbracket'; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  /** An attribute path or a keyword (and, or, not, pr, eq …, true, false, null). */
  | { type: 'word'; value: string; at: number };

const PUNCTUATION: Record<string, 'lparen' | 'rparen' | 'lbracket' | 'rbracket'> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
};
const NUMBER_SOURCE = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
// ATTRNAME = ALPHA *(nameChar), plus "$ref", URIs (":" and ".") and sub-attribute dots.
const WORD_SOURCE = String.raw`[A-Za-z$_][A-Za-z0-9$_:.\-]*`;

function invalid(detail: string): never {
  throw scimError('invalidFilter', detail);
}

/** Reads a JSON string literal starting at `start` (a double quote); returns it and where it ended. */
function readString(text: string, start: number): { value: string; end: number } {
  let i = start + 1;
  // Stryker disable next-line EqualityOperator: one step past the end reads undefined and ends the same way
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') break;
    else i++;
  }
  if (i >= text.length) invalid(`unterminated string starting at position ${start + 1}`);
  try {
    return { value: JSON.parse(text.slice(start, i + 1)) as string, end: i + 1 };
  } catch {
    return invalid(`invalid escape in the string starting at position ${start + 1}`);
  }
}

function readPattern(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

export function tokenize(text: string): Token[] {
  // Sticky patterns carry lastIndex, so each call gets its own (no shared mutable state).
  const numberPattern = new RegExp(NUMBER_SOURCE, 'y');
  const wordPattern = new RegExp(WORD_SOURCE, 'y');
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (PUNCTUATION[c]) {
      tokens.push({ type: PUNCTUATION[c], at: i });
      i++;
    } else if (c === '.' && tokens.at(-1)?.type === 'rbracket') {
      // valuePath "." subAttr, as in a PATCH path `emails[type eq "work"].value` (RFC 7644 §3.5.2)
      const sub =
        readPattern(wordPattern, text, i + 1) ?? invalid(`expected a sub-attribute after "]." at position ${i + 1}`);
      tokens.push({ type: 'word', value: `.${sub}`, at: i });
      i += sub.length + 1;
    } else if (c === '"') {
      const { value, end } = readString(text, i);
      tokens.push({ type: 'string', value, at: i });
      i = end;
    } else {
      const number = readPattern(numberPattern, text, i);
      // Stryker disable next-line ConditionalExpression: a word read after a number is never used
      const word = number === undefined ? readPattern(wordPattern, text, i) : undefined;
      if (number !== undefined) tokens.push({ type: 'number', value: Number(number), at: i });
      else if (word !== undefined) tokens.push({ type: 'word', value: word, at: i });
      else invalid(`unexpected character ${JSON.stringify(c)} at position ${i + 1}`);
      i += (number ?? word)!.length;
    }
  }
  return tokens;
}
