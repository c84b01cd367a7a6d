import type { Filter, SortSpec } from '../types.js';
import { encodeDateText, encodeJson } from './doc-codec.js';
import { isOperatorObject } from './filter-shape.js';

// Turns the part of a MongoDB filter that SQLite can answer from an index into a WHERE clause.
// Only top-level equality, $in and ranges ($gt/$gte/$lt/$lte) on `_id` and on declared index
// fields are translated; the rows SQL returns are a superset of the matches (mingo re-checks them)
// unless the plan is `exact`.

export type SqlParam = string | number;

export interface SqlPlan {
  /** ' WHERE …' or '' */
  where: string;
  params: SqlParam[];
  /** The SQL condition is the whole filter: rows need no re-check, and LIMIT/COUNT can run in SQL. */
  exact: boolean;
}

interface Term {
  sql: string;
  params: SqlParam[];
  exact: boolean;
}

interface Scalar {
  param: SqlParam;
  exact: boolean;
}

/**
 * The value json_extract() returns for a stored scalar. Strings are exact (a JSON array or
 * object comes back as text starting with [ or {, so exclude strings that do); numbers and
 * booleans are not (json_extract gives 1 for true, so `= 1` also finds `true`).
 */
function toScalar(value: unknown, isId: boolean): Scalar | undefined {
  if (typeof value === 'string') return { param: value, exact: isId || !/^[[{]/.test(value) };
  if (isId) return undefined; // `_id` is a TEXT column; other types never match a string id
  if (typeof value === 'number') return Number.isFinite(value) ? { param: value, exact: false } : undefined;
  if (typeof value === 'boolean') return { param: value ? 1 : 0, exact: false };
  if (value instanceof Date && !Number.isNaN(value.getTime())) return { param: encodeDateText(value), exact: false };
  return undefined;
}

function equalityTerm(column: string, value: unknown, isId: boolean): Term | undefined {
  const scalar = toScalar(value, isId);
  return scalar && { sql: `${column} = ?`, params: [scalar.param], exact: scalar.exact };
}

/**
 * Lists up to this long are bound value by value (`IN (?, ?)`, `= ?` for one): one statement shape
 * per length, but no json_each table to set up, which made a one-element `$in` (a new user's
 * memberships, one user's groups) about 4× the cost of the equality it stands for.
 */
const INLINE_IN_MAX = 8;

/** Longer lists: one statement shape for any length, the values travel as one JSON array parameter. */
function inTerm(column: string, values: unknown, isId: boolean): Term | undefined {
  if (!Array.isArray(values)) return undefined;
  const scalars = values.map((v) => toScalar(v, isId));
  if (scalars.some((s) => s === undefined)) return undefined;
  const exact = scalars.every((s) => s!.exact);
  if (values.length === 1) return { sql: `${column} = ?`, params: [scalars[0]!.param], exact };
  if (values.length > 0 && values.length <= INLINE_IN_MAX) {
    const marks = scalars.map(() => '?').join(', ');
    return { sql: `${column} IN (${marks})`, params: scalars.map((s) => s!.param), exact };
  }
  return { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [encodeJson(values)], exact };
}

const RANGE_SQL: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * A range narrows the index walk (keyset pagination: `{seq: {$lt: cursor}}`) but is never exact:
 * SQLite orders every number below every string and reads `true` as 1, where MongoDB compares
 * only within one type (MongoDB manual, Comparison/Sort Order), so mingo re-checks the rows.
 */
function rangeTerm(column: string, condition: Record<string, unknown>, isId: boolean): Term | undefined {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  for (const [operator, value] of Object.entries(condition)) {
    const scalar = toScalar(value, isId);
    if (scalar === undefined || RANGE_SQL[operator] === undefined) return undefined;
    parts.push(`${column} ${RANGE_SQL[operator]} ?`);
    params.push(scalar.param);
  }
  return { sql: parts.join(' AND '), params, exact: false };
}

function fieldTerm(column: string, condition: unknown, isId: boolean): Term | undefined {
  if (!isOperatorObject(condition)) return equalityTerm(column, condition, isId);
  const operators = Object.keys(condition);
  if (operators.every((o) => RANGE_SQL[o] !== undefined)) return rangeTerm(column, condition, isId);
  if (operators.length !== 1) return undefined;
  if (operators[0] === '$eq') return equalityTerm(column, condition.$eq, isId);
  if (operators[0] === '$in') return inTerm(column, condition.$in, isId);
  return undefined;
}

/** `columns` maps `_id` and every indexed field to its SQL expression. */
export function planFilter(filter: Filter, columns: ReadonlyMap<string, string>): SqlPlan {
  const terms: Term[] = [];
  let exact = true;
  // A constrained `_id` is the primary key: always the most selective path. Without statistics
  // SQLite may prefer the (tenantId, …) index for `_id IN (json_each …)` and scan the whole tenant,
  // so a unary + on the other columns keeps their indexes out of the plan.
  const byId = filter._id !== undefined && fieldTerm('_id', filter._id, true) !== undefined;
  for (const key of Object.keys(filter)) {
    const column = columns.get(key);
    const sqlColumn = column !== undefined && byId && key !== '_id' ? `+${column}` : column;
    const term = sqlColumn === undefined ? undefined : fieldTerm(sqlColumn, filter[key], key === '_id');
    if (term) terms.push(term);
    exact &&= term?.exact ?? false;
  }
  return {
    where: terms.length ? ` WHERE ${terms.map((t) => t.sql).join(' AND ')}` : '',
    params: terms.flatMap((t) => t.params),
    exact,
  };
}

/**
 * ' ORDER BY …' when every sort key is `_id` or an indexed (scalar) field, so SQLite's order
 * equals MongoDB's; undefined when mingo must sort. '' when there is nothing to sort.
 */
export function planSort(sort: SortSpec | undefined, columns: ReadonlyMap<string, string>): string | undefined {
  const keys = sort ? Object.keys(sort) : [];
  if (keys.length === 0) return '';
  const parts: string[] = [];
  for (const key of keys) {
    const column = columns.get(key);
    if (column === undefined) return undefined;
    parts.push(`${column} ${sort![key] === -1 ? 'DESC' : 'ASC'}`);
  }
  return ` ORDER BY ${parts.join(', ')}`;
}
