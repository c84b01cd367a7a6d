import type { AttrDef } from '../schema/schemas.js';
import { SCIM_REQUEST_LIMITS } from '../request-limits.js';
import { scimError } from '../scim-errors.js';

// One check for every string a SCIM client stores (RFC 7643 §2.3.1 strings are Unicode text):
// no C0 control characters (a NUL or a CR/LF in a userName breaks the downstream SaaS APIs,
// CSV exports and log lines that carry it), no lone UTF-16 surrogates (not Unicode: JSON
// encoders downstream replace or reject them), and a bounded length (README, "Limits").

/** RFC 7643 §4.1.2: addresses.formatted is "the full mailing address … MAY contain newlines". */
const MULTILINE = /^addresses(\[\d+\])?\.formatted$/;

const C0 = /[\u0000-\u001F]/;
const C0_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
      `${where} is ${value.length.toLocaleString('en-US')} characters long; at most ${max.toLocaleString('en-US')} are accepted`,
    );
  const controls = MULTILINE.test(where) ? C0_EXCEPT_LINE_BREAKS : C0;
  const control = controls.exec(value);
  if (control)
    invalid(
      `${where} contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
  if (LONE_SURROGATE.test(value)) invalid(`${where} contains a lone UTF-16 surrogate (not valid Unicode text)`);
  return value;
}
