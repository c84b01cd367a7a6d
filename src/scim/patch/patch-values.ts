import { Query } from 'mingo';
import type { FilterNode } from '../filter/ast.js';
import { elementTerm } from '../filter/translate.js';
import { findSub } from '../schema/resolve.js';
import type { AttrDef } from '../schema/schemas.js';

// Values inside one resource during a PATCH. Element filters (emails[type eq "work"]) are
// evaluated with the very query the store would run for the same filter (filter/translate.ts),
// so a PATCH path and a GET filter can never disagree about what matches.

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sub-attribute keys in schema case (RFC 7643 §2.1: names are case-insensitive); unknown keys stay
 * for validation to report.
 */
export function canonical(def: AttrDef, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(def, v));
  // Stryker disable next-line ConditionalExpression: a simple attribute has no sub-attributes to rename
  if (def.type !== 'complex' || !isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      const sub = findSub(def, key);
      return sub ? [sub.name, canonical(sub, v)] : [key, v];
    }),
  );
}

/** Order-insensitive identity of a JSON value, for "the value already exists" (RFC 7644 §3.5.2.1). */
export function identity(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(identity).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined && value[k] !== null)
    .sort();
  // Stryker disable next-line StringLiteral: quoted keys keep the pairs apart without a separator
  return `{${keys.map((k) => `${JSON.stringify(k)}:${identity(value[k])}`).join(',')}}`;
}

export function elementMatcher(attr: AttrDef, filter: FilterNode): (element: unknown) => boolean {
  const query = new Query(elementTerm(attr, filter));
  return (element) => isObject(element) && query.test(element);
}

/**
 * The element a filter of equalities describes (`type eq "work"` → {type: "work"}), or undefined
 * when the filter says more than that. Used to create the element a replace or add targets when
 * none matches yet: Entra ID sends `replace emails[type eq "work"].value` for a user with no work
 * email (RFC 7644 §3.5.2.3 would answer noTarget, and Entra would retry forever).
 */
export function templateOf(filter: FilterNode): Record<string, unknown> | undefined {
  const terms = filter.kind === 'and' ? filter.items : [filter];
  const template: Record<string, unknown> = {};
  for (const term of terms) {
    // Stryker disable next-line ConditionalExpression: only a comparison has op "eq"
    if (term.kind !== 'compare' || term.op !== 'eq' || term.path.sub || term.path.uri || term.value === null)
      return undefined;
    template[term.path.name] = term.value;
  }
  return template;
}

/** RFC 7644 §3.5.2: setting primary=true on one value sets it false on the others. */
export function keepOnePrimary(values: unknown[], chosen: Set<unknown>): unknown[] {
  if (![...chosen].some((v) => isObject(v) && v.primary === true)) return values;
  return values.map((v) => (isObject(v) && v.primary === true && !chosen.has(v) ? { ...v, primary: false } : v));
}
