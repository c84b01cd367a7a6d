import { randomUUID } from 'node:crypto';
import { invalidOperation } from '../store-errors.js';
import type { BaseDoc, Filter, Update, UpdateResult } from '../types.js';
import { applyUpdate, buildUpsertDoc, equalitySeed } from './apply-update.js';
import type { Connection } from './connection.js';
import { encodeJson } from './doc-codec.js';
import { scanRows, type Row } from './doc-reads.js';
import { planFilter } from './query-plan.js';
import type { Table } from './table.js';

// Synchronous write steps. Callers run them inside Connection.atomic() under the writer lock,
// so a read-modify-write (update, upsert) cannot interleave with another writer.

export interface UpdateOutcome<T> extends UpdateResult {
  /** The stored text before the update (for returnDocument: 'before'). */
  beforeText?: string;
  /** The document after the update or upsert. */
  after?: T;
}

export function insertDoc<T extends BaseDoc>(conn: Connection, table: Table, doc: T): T {
  if (doc._id === undefined) (doc as BaseDoc)._id = randomUUID();
  if (typeof doc._id !== 'string') throw invalidOperation('_id must be a string');
  conn.statement(`INSERT INTO ${table.sql} (_id, doc) VALUES (?, ?)`).run(doc._id, encodeJson(doc));
  return doc;
}

/** Stores `doc` over `row` if its JSON changed; returns whether it did. */
function saveIfChanged(conn: Connection, table: Table, row: Row<BaseDoc>, doc: BaseDoc): boolean {
  const text = encodeJson(doc);
  if (text === row.text) return false;
  conn.statement(`UPDATE ${table.sql} SET doc = ? WHERE _id = ?`).run(text, doc._id);
  return true;
}

export function updateFirst<T extends BaseDoc>(
  conn: Connection,
  table: Table,
  filter: Filter,
  update: Update,
  upsert = false,
): UpdateOutcome<T> {
  const [row] = scanRows<T>(conn, table, filter, { limit: 1 });
  if (row) {
    applyUpdate(row.doc, update, filter);
    const modified = saveIfChanged(conn, table, row, row.doc);
    return { matchedCount: 1, modifiedCount: modified ? 1 : 0, beforeText: row.text, after: row.doc };
  }
  if (!upsert) return { matchedCount: 0, modifiedCount: 0 };
  const inserted = insertDoc(conn, table, buildUpsertDoc(filter, update)) as T;
  return { matchedCount: 0, modifiedCount: 0, upsertedId: inserted._id, after: inserted };
}

export function updateAll(conn: Connection, table: Table, filter: Filter, update: Update): UpdateResult {
  const rows = scanRows<BaseDoc>(conn, table, filter);
  let modifiedCount = 0;
  for (const row of rows) {
    applyUpdate(row.doc, update, filter);
    if (saveIfChanged(conn, table, row, row.doc)) modifiedCount++;
  }
  return { matchedCount: rows.length, modifiedCount };
}

/** MongoDB replaceOne: the new document keeps the old `_id`; an upsert takes `_id` from the filter. */
export function replaceFirst<T extends BaseDoc>(
  conn: Connection,
  table: Table,
  filter: Filter,
  replacement: T,
  upsert = false,
): UpdateResult {
  const { _id: givenId, ...fields } = replacement;
  const [row] = scanRows<BaseDoc>(conn, table, filter, { limit: 1 });
  if (row) {
    if (givenId !== undefined && givenId !== row.doc._id) throw invalidOperation('_id is immutable');
    const modified = saveIfChanged(conn, table, row, { _id: row.doc._id, ...fields });
    return { matchedCount: 1, modifiedCount: modified ? 1 : 0 };
  }
  if (!upsert) return { matchedCount: 0, modifiedCount: 0 };
  const seededId = equalitySeed(filter)._id;
  const _id = givenId ?? (typeof seededId === 'string' ? seededId : randomUUID());
  insertDoc(conn, table, { _id, ...fields });
  return { matchedCount: 0, modifiedCount: 0, upsertedId: _id };
}

export function deleteMatching(conn: Connection, table: Table, filter: Filter, limit?: number): number {
  const plan = planFilter(filter, table.columns);
  if (plan.exact && limit === undefined) {
    return conn.statement(`DELETE FROM ${table.sql}${plan.where}`).run(...plan.params).changes;
  }
  const remove = conn.statement(`DELETE FROM ${table.sql} WHERE _id = ?`);
  let deleted = 0;
  for (const row of scanRows<BaseDoc>(conn, table, filter, { limit })) deleted += remove.run(row.doc._id).changes;
  return deleted;
}
