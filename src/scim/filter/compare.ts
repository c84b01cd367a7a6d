import type { Filter } from '../../store/index.js';
import type { AttrDef } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';
import type { CompareOp, CompValue } from './ast.js';

// One comparison on one stored field, as a MongoDB query (RFC 7644 §3.4.2.2, Table 3).
// String matching honours the attribute's caseExact (RFC 7643 §2.2): case-insensitive equality
// uses the field's indexed lowercase twin when it has one, otherwise an anchored /…/i regex.

export interface Target {
  /** The field, relative to the document or, inside a value filter, to the array element. */
  path: string;
  /** A lowercased copy of the field that an index serves. */
  lowered?: string;
  def: AttrDef;
  /** Inside $elemMatch, where $expr cannot be used. */
  inElement: boolean;
}

const ORDERING = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<CompareOp>(['co', 'sw', 'ew']);
const MONGO_ORDER = { gt: '$gt', ge: '$gte', lt: '$lt', le: '$lte' } as const;

// Stryker disable next-line ArrayDeclaration: no stored _id is the stand-in value either
export const MATCH_NONE: Filter = Object.freeze({ _id: { $in: [] } });

function invalid(detail: string): never {
  throw scimError('invalidFilter', detail);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The filter's value in the stored type of the attribute, or a 400 invalidFilter. */
export function storedValue(def: AttrDef, op: CompareOp, value: CompValue): CompValue {
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') invalid(`"${op}" cannot compare with null`);
    return null;
  }
  switch (def.type) {
    case 'boolean': {
      // Entra sends booleans as strings elsewhere ("False"); accept them here too.
      const bool = typeof value === 'string' ? { true: true, false: false }[value.toLowerCase()] : value;
      if (typeof bool !== 'boolean') invalid(`${def.name} is a boolean`);
      if (op !== 'eq' && op !== 'ne') invalid(`"${op}" is not defined for the boolean ${def.name} (RFC 7644 §3.4.2.2)`);
      return bool;
    }
    case 'integer':
    case 'decimal':
      if (typeof value !== 'number') invalid(`${def.name} is a number`);
      if (SUBSTRING.has(op)) invalid(`"${op}" is not defined for the number ${def.name}`);
      return value;
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        invalid(`${def.name} is a dateTime: expected an xsd:dateTime string`);
      if (SUBSTRING.has(op)) invalid(`"${op}" is not defined for the dateTime ${def.name}`);
      // Stored timestamps are ISO strings from Date#toISOString, so compare in that exact form.
      return new Date(value).toISOString();
    case 'complex':
      return invalid(`${def.name} is complex: compare one of its sub-attributes`);
    default:
      if (typeof value !== 'string') invalid(`${def.name} is a string: quote the value`);
      if (def.type === 'binary' && op !== 'eq' && op !== 'ne')
        invalid(`"${op}" is not defined for the binary ${def.name}`);
      return value;
  }
}

function equality(target: Target, value: CompValue): Filter {
  const caseless = target.def.type === 'string' && !target.def.caseExact && typeof value === 'string';
  if (!caseless) return { [target.path]: value };
  if (target.lowered) return { [target.lowered]: (value as string).toLowerCase() };
  return { [target.path]: { $regex: `^${escapeRegex(value as string)}$`, $options: 'i' } };
}

function substring(target: Target, op: CompareOp, value: string): Filter {
  const body = escapeRegex(value);
  const pattern = op === 'sw' ? `^${body}` : op === 'ew' ? `${body}$` : body;
  return { [target.path]: { $regex: pattern, $options: target.def.caseExact ? '' : 'i' } };
}

function ordering(target: Target, op: CompareOp, value: CompValue): Filter {
  const operator = MONGO_ORDER[op as keyof typeof MONGO_ORDER];
  // Other types reach here with ISO timestamps or numbers, which order the same lowercased.
  // Stryker disable next-line ConditionalExpression: equivalent (see above)
  const caseless = target.def.type === 'string' && !target.def.caseExact && typeof value === 'string';
  if (!caseless) return { [target.path]: { [operator]: value } };
  const lower = (value as string).toLowerCase();
  if (target.lowered) return { [target.lowered]: { [operator]: lower } };
  // Case-insensitive ordering of a field with no lowercase twin (RFC 7644 §3.4.2.2 "gt": the
  // caseExact characteristic applies). $expr is unavailable inside $elemMatch, where the
  // comparison stays case-sensitive.
  if (target.inElement) return { [target.path]: { [operator]: value } };
  return { [target.path]: { $type: 'string' }, $expr: { [operator]: [{ $toLower: `$${target.path}` }, lower] } };
}

export function comparison(target: Target, op: CompareOp, raw: CompValue): Filter {
  const value = storedValue(target.def, op, raw);
  if (op === 'eq') return equality(target, value);
  if (op === 'ne') return value === null ? { [target.path]: { $ne: null } } : { $nor: [equality(target, value)] };
  if (SUBSTRING.has(op)) return substring(target, op, value as string);
  // Stryker disable next-line ConditionalExpression: the parser admits no other operator, so this test is always true
  if (ORDERING.has(op)) return ordering(target, op, value);
  // Stryker disable next-line StringLiteral: unreachable (see above)
  return invalid(`unknown operator ${op}`);
}

/** `pr`: the attribute has a non-empty value (RFC 7644 §3.4.2.2, Table 3). */
export function presence(target: Target): Filter {
  if (target.def.multiValued) return { [`${target.path}.0`]: { $exists: true } };
  if (target.def.type === 'complex') return { [target.path]: { $exists: true, $nin: [null, {}] } };
  return { [target.path]: { $exists: true, $nin: [null, ''] } };
}
