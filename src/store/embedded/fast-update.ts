import type { BaseDoc } from '../types.js';

// The updates domain code sends most ($set and $inc on top-level fields: a user's version and
// updatedAt on every membership change, effective roles, lastUsedAt) applied without mingo,
// whose updater builds a query context per document (most of a member PATCH's CPU). Anything
// else, and anything MongoDB would refuse ($set on _id, $inc of a non-number, the same field in
// two operators), goes to mingo, which keeps MongoDB's semantics and its errors.

const isTopLevel = (key: string) => key !== '_id' && !key.includes('.') && !key.startsWith('$');

/** A copy that shares nothing with the caller's object (mingo's cloneMode 'deep'). */
const detached = (value: unknown) => (value === null || typeof value !== 'object' ? value : structuredClone(value));

function fits(doc: BaseDoc, set: Record<string, unknown>, inc: Record<string, unknown>): boolean {
  for (const key of Object.keys(set)) if (!isTopLevel(key)) return false;
  for (const key of Object.keys(inc)) {
    if (!isTopLevel(key) || key in set || typeof inc[key] !== 'number') return false;
    if (doc[key] !== undefined && typeof doc[key] !== 'number') return false;
  }
  return true;
}

/** Applies `modifier` in place when it is only top-level $set/$inc; false (nothing done) otherwise. */
export function tryFastUpdate(doc: BaseDoc, modifier: Record<string, Record<string, unknown>>): boolean {
  for (const operator of Object.keys(modifier)) if (operator !== '$set' && operator !== '$inc') return false;
  const set = modifier.$set ?? {};
  const inc = modifier.$inc ?? {};
  if (!fits(doc, set, inc)) return false;
  let copies: [string, unknown][];
  try {
    copies = Object.keys(set).map((key) => [key, detached(set[key])]);
  } catch {
    return false; // a value structuredClone cannot copy (one carrying a function): mingo's path copies it
  }
  for (const [key, value] of copies) doc[key] = value;
  for (const key of Object.keys(inc)) doc[key] = ((doc[key] as number | undefined) ?? 0) + (inc[key] as number);
  return true;
}
