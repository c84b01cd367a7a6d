import { findSub } from '../schema/resolve.js';
import type { AttrDef } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';

// Checks one inbound attribute value against its definition (RFC 7643 §2.3) and returns it in
// canonical form: sub-attribute names in schema case, null and empty as "unassigned" (RFC 7643
// §2.5), booleans sent as strings ("False", Entra ID) as booleans. Unlike scimmy, canonical
// values are not enforced: RFC 7643 §2.3.1 lets clients send other values ("type": "mobile2").

function invalidValue(detail: string): never {
  throw scimError('invalidValue', detail);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(value: unknown): string {
  return Array.isArray(value)
    ? 'an array'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'an object'
        : `the ${typeof value} ${JSON.stringify(value)}`;
}

/** "True"/"false" → boolean: Entra ID's PATCH sends `"active": "False"` (its SCIM known-issues page). */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

function scalar(def: AttrDef, value: unknown, where: string): unknown {
  switch (def.type) {
    case 'boolean':
      return asBoolean(value) ?? invalidValue(`${where} must be a boolean, not ${describe(value)}`);
    case 'integer':
      if (!Number.isInteger(value)) invalidValue(`${where} must be an integer, not ${describe(value)}`);
      return value;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value))
        invalidValue(`${where} must be a number, not ${describe(value)}`);
      return value;
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        invalidValue(`${where} must be an xsd:dateTime string`);
      return value;
    default:
      if (typeof value !== 'string') invalidValue(`${where} must be a string, not ${describe(value)}`);
      return value;
  }
}

/** Sub-attributes the server derives and never stores: `$ref` (from the id) and readOnly ones. */
function isDerivedSub(sub: AttrDef): boolean {
  return sub.name === '$ref' || sub.mutability === 'readOnly';
}

function complex(def: AttrDef, value: unknown, where: string): Record<string, unknown> | undefined {
  if (!isObject(value)) return invalidValue(`${where} must be an object, not ${describe(value)}`);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findSub(def, key) ?? scimErrorUnknown(`${where}.${key}`);
    if (isDerivedSub(sub)) continue;
    const coerced = coerceValue(sub, raw, `${where}.${sub.name}`);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length ? out : undefined;
}

function scimErrorUnknown(where: string): never {
  throw scimError('invalidSyntax', `${where} is not an attribute of the schema`);
}

function single(def: AttrDef, value: unknown, where: string): unknown {
  return def.type === 'complex' ? complex(def, value, where) : scalar(def, value, where);
}

/** RFC 7643 §2.4: the primary value "true" MUST appear no more than once. */
function assertOnePrimary(values: unknown[], where: string): void {
  if (values.filter((v) => isObject(v) && v.primary === true).length > 1)
    invalidValue(`${where} has more than one primary value`);
}

/**
 * A bare string for a single-valued complex attribute with a `value` sub-attribute is its value:
 * Entra ID's default mapping sends the enterprise `manager` as the manager's id, not as
 * `{"value": id}`, and cannot be made to send the complex form (RFC 7643 §4.3 has the complex
 * one). An empty string is unassigned, as null is.
 */
function bareValue(def: AttrDef, value: unknown): unknown {
  if (def.type !== 'complex' || typeof value !== 'string' || !findSub(def, 'value')) return value;
  return value === '' ? undefined : { value };
}

/** The canonical value, or undefined when the value is unassigned (null, [], {}). */
export function coerceValue(def: AttrDef, value: unknown, where: string = def.name): unknown {
  if (value === null || value === undefined) return undefined;
  if (!def.multiValued) {
    if (Array.isArray(value)) invalidValue(`${where} is single-valued, not an array`);
    const given = bareValue(def, value);
    return given === undefined ? undefined : single(def, given, where);
  }
  if (!Array.isArray(value)) invalidValue(`${where} is multi-valued: send an array`);
  const values = value.map((v, i) => single(def, v, `${where}[${i}]`)).filter((v) => v !== undefined);
  assertOnePrimary(values, where);
  return values.length ? values : undefined;
}
