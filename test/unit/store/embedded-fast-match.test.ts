import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { fastMatcher } from '../../../src/store/embedded/fast-match.js';

// The quick re-check must give mingo's answer for every value a field can hold.
const VALUES: unknown[] = [
  undefined,
  null,
  0,
  -0,
  4,
  5,
  5.5,
  6,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '5',
  't1',
  't2',
  '',
  true,
  false,
  [4],
  [6],
  [4, 6],
  ['t1'],
  { a: 1 },
  new Date('2026-01-01T00:00:00Z'),
];

const FILTERS: Record<string, unknown>[] = [
  { tenantId: 't1', seq: { $gt: 5 } },
  { tenantId: 't1', seq: { $gte: 5, $lt: 6 } },
  { seq: { $lte: 5 } },
  { seq: 5 },
  { tenantId: 't1' },
];

describe('embedded engine: fast re-check of inexact SQL rows', () => {
  it('agrees with mingo for every value of every field', () => {
    for (const filter of FILTERS) {
      const query = new Query(filter);
      const general = (doc: Record<string, unknown>) => query.test(doc);
      const fast = fastMatcher(filter, general);
      expect(fast, JSON.stringify(filter)).toBeDefined();
      for (const tenantId of VALUES)
        for (const seq of VALUES) {
          const doc: Record<string, unknown> = { _id: 'x' };
          if (tenantId !== undefined) doc.tenantId = tenantId;
          if (seq !== undefined) doc.seq = seq;
          expect(fast!(doc), `${JSON.stringify(filter)} on ${String(tenantId)} / ${String(seq)}`).toBe(general(doc));
        }
    }
  });

  it('declines shapes it does not decide itself', () => {
    const general = () => true;
    expect(fastMatcher({ $and: [{ a: 1 }] }, general)).toBeUndefined();
    expect(fastMatcher({ 'target.id': 'u1' }, general)).toBeUndefined();
    expect(fastMatcher({ action: { $in: ['a', 'b'] } }, general)).toBeUndefined();
    expect(fastMatcher({ seq: { $gt: '5' } }, general)).toBeUndefined();
    expect(fastMatcher({ active: true }, general)).toBeUndefined();
  });
});
