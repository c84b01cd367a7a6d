import type { AttrDef } from '../schema/schemas.js';
import { SCIM_REQUEST_LIMITS } from '../request-limits.js';
import { scimError } from '../scim-errors.js';

// One check for every string a SCIM client stores (RFC 7643 §2.3.1 strings are Unicode text):
// no C0 control characters (a NUL or a CR/LF in a userName breaks the downstream SaaS APIs,
// CSV exports and log lines that carry it), no lone UTF-16 surrogates (not Unicode: JSON
// encoders downstream replace or reject them), and a bounded length (README, "Limits").

/** RFC 7643 §4.1.2: addresses.formatted is "the full mailing address … MAY contain newlines". */
const MULTILINE = /^addresses(\[\d+\])?\.formatted$/;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** The first code unit that breaks the rules: a C0 control (line breaks allowed or not) or a lone surrogate. */
function firstOffence(value: string, lineBreaks: boolean): { control: number } | { surrogate: true } | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 && !(lineBreaks && (c === TAB || c === LF || c === CR))) return { control: c };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return { surrogate: true };
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return { surrogate: true };
  }
  return undefined;
}

function invalid(detail: string): never {
  throw scimError('invalidValue', detail);
}

export function maxLengthOf(def: AttrDef): number {
  return def.type === 'binary' ? SCIM_REQUEST_LIMITS.binaryLength : SCIM_REQUEST_LIMITS.stringLength;
}

export function checkString(def: AttrDef, value: string, where: string): string {
  const max = maxLengthOf(def);
  if (value.length > max)
    invalid(
      `${where} is ${value.length.toLocaleString('en-US')} characters long; ` +
        `at most ${max.toLocaleString('en-US')} are accepted`,
    );
  const offence = firstOffence(value, MULTILINE.test(where));
  if (offence && 'control' in offence)
    invalid(`${where} contains the control character U+${offence.control.toString(16).toUpperCase().padStart(4, '0')}`);
  if (offence) invalid(`${where} contains a lone UTF-16 surrogate (not valid Unicode text)`);
  return value;
}
