import { isOperatorObject } from './filter-shape.js';

// A quicker re-check for the rows an inexact SQL plan returns (doc-reads.ts), for the shape the
// hot keyset reads have: top-level string/number equalities and numeric ranges, such as
// `{tenantId, seq: {$gt: cursor}}` (SIEM delivery, the audit API, the events API). A row whose
// value is a plain string or number is decided here with MongoDB's rules for that type; any other
// value (array, embedded document, null, Date, a missing field) gets the general matcher, so the
// answer is always mingo's. mingo builds a context per test, about 1 µs a row on this VM.

type Verdict = boolean | undefined;
type Check = (value: unknown) => Verdict;

const RANGES: Record<string, (a: number, b: number) => boolean> = {
  $gt: (a, b) => a > b,
  $gte: (a, b) => a >= b,
  $lt: (a, b) => a < b,
  $lte: (a, b) => a <= b,
};

function equalityCheck(expected: string | number): Check {
  return (value) => (typeof value === typeof expected ? value === expected : undefined);
}

function rangeCheck(condition: Record<string, unknown>): Check | undefined {
  const tests: [(a: number, b: number) => boolean, number][] = [];
  for (const [operator, bound] of Object.entries(condition)) {
    const compare = RANGES[operator];
    if (!compare || typeof bound !== 'number' || Number.isNaN(bound)) return undefined;
    tests.push([compare, bound]);
  }
  return (value) => {
    if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
    for (const [compare, bound] of tests) if (!compare(value, bound)) return false;
    return true;
  };
}

function checkOf(condition: unknown): Check | undefined {
  if (typeof condition === 'string' || (typeof condition === 'number' && !Number.isNaN(condition)))
    return equalityCheck(condition);
  if (isOperatorObject(condition)) return rangeCheck(condition);
  return undefined;
}

/**
 * A matcher for `filter` that defers to `general` for any row it cannot decide; undefined when
 * the filter has another shape (operators like $and or $in, dotted paths, other literals).
 */
export function fastMatcher(
  filter: Record<string, unknown>,
  general: (doc: Record<string, unknown>) => boolean,
): ((doc: Record<string, unknown>) => boolean) | undefined {
  const checks: [string, Check][] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    const check = checkOf(condition);
    if (!check) return undefined;
    checks.push([field, check]);
  }
  return (doc) => {
    for (const [field, check] of checks) {
      const verdict = check(doc[field]);
      if (verdict === undefined) return general(doc);
      if (!verdict) return false;
    }
    return true;
  };
}
