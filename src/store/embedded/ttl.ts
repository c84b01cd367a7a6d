import type { IndexSpec } from '../indexes.js';
import { COLLECTION_NAMES, type CollectionName } from '../types.js';
import type { Connection } from './connection.js';
import { encodeDateText } from './doc-codec.js';
import { fieldExpr, quoteIdent } from './sql-schema.js';

export interface TtlRule {
  table: string;
  expr: string;
  expireAfterSeconds: number;
}

/** MongoDB TTL indexes have a single Date field; so do ours (indexes.ts). */
export function ttlRules(indexes: Readonly<Record<CollectionName, readonly IndexSpec[]>>): TtlRule[] {
  return COLLECTION_NAMES.flatMap((collection) =>
    (indexes[collection] ?? [])
      .filter((spec) => spec.expireAfterSeconds !== undefined)
      .map((spec) => ({
        table: quoteIdent(collection),
        expr: fieldExpr(Object.keys(spec.keys)[0]),
        expireAfterSeconds: spec.expireAfterSeconds!,
      })),
  );
}

// A stored Date reads back from json_extract as '{"$date":"<ISO>"}'; these texts order by time, and
// everything that is not a Date (numbers, other strings) falls outside (prefix, cutoff], which
// mirrors MongoDB ignoring TTL fields that do not hold a date. Both bounds use the TTL index.
const DATE_PREFIX = '{"$date":"';

/** Deletes what has expired at `now` and returns how many documents went. */
export function purgeExpiredRows(conn: Connection, rules: readonly TtlRule[], now: Date): number {
  let deleted = 0;
  for (const rule of rules) {
    const cutoff = new Date(now.getTime() - rule.expireAfterSeconds * 1000);
    const sql = `DELETE FROM ${rule.table} WHERE ${rule.expr} > ? AND ${rule.expr} <= ?`;
    deleted += conn.statement(sql).run(DATE_PREFIX, encodeDateText(cutoff)).changes;
  }
  return deleted;
}
