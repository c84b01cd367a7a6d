import type { BaseDoc, BulkOperation, BulkResult } from '../types.js';
import type { Connection } from './connection.js';
import { deleteMatching, insertDoc, updateAll, updateFirst } from './doc-writes.js';
import type { Table } from './table.js';

export interface BulkOutcome {
  result: BulkResult;
  /** The first failure; the operations before it stay applied, as in an ordered MongoDB bulkWrite. */
  error?: unknown;
  failedIndex?: number;
}

export const emptyBulkResult = (): BulkResult => ({
  insertedCount: 0,
  matchedCount: 0,
  modifiedCount: 0,
  deletedCount: 0,
  upsertedCount: 0,
});

function applyOne<T extends BaseDoc>(conn: Connection, table: Table, op: BulkOperation<T>, result: BulkResult): void {
  if ('insertOne' in op) {
    insertDoc(conn, table, op.insertOne.document);
    result.insertedCount++;
  } else if ('updateOne' in op) {
    const { filter, update, upsert } = op.updateOne;
    const outcome = updateFirst(conn, table, filter, update, upsert);
    result.matchedCount += outcome.matchedCount;
    result.modifiedCount += outcome.modifiedCount;
    if (outcome.upsertedId !== undefined) result.upsertedCount++;
  } else if ('updateMany' in op) {
    const outcome = updateAll(conn, table, op.updateMany.filter, op.updateMany.update);
    result.matchedCount += outcome.matchedCount;
    result.modifiedCount += outcome.modifiedCount;
  } else if ('deleteOne' in op) {
    result.deletedCount += deleteMatching(conn, table, op.deleteOne.filter, 1);
  } else {
    result.deletedCount += deleteMatching(conn, table, op.deleteMany.filter);
  }
}

/**
 * Runs the operations in order and stops at the first failure without throwing, so the caller's
 * atomic section commits the ones before it (ordered bulkWrite semantics) and then reports it.
 */
export function runBulk<T extends BaseDoc>(
  conn: Connection,
  table: Table,
  operations: BulkOperation<T>[],
): BulkOutcome {
  const result = emptyBulkResult();
  for (let i = 0; i < operations.length; i++) {
    try {
      applyOne(conn, table, operations[i], result);
    } catch (error) {
      return { result, error, failedIndex: i };
    }
  }
  return { result };
}
