import type { IndexSpec } from '../indexes.js';
import type { StoreLogger } from '../store-logger.js';
import { COLLECTION_NAMES, UNSTAMPED_COLLECTIONS, type CollectionName } from '../types.js';
import type { Connection } from './connection.js';
import { createStampTableSql, createTableSql, indexSql, quoteIdent, stampTriggerSql } from './sql-schema.js';

export function ensureTables(conn: Connection): void {
  for (const name of COLLECTION_NAMES) conn.db.exec(createTableSql(name));
  for (const sql of createStampTableSql) conn.db.exec(sql);
  for (const name of COLLECTION_NAMES)
    if (!UNSTAMPED_COLLECTIONS.includes(name)) for (const sql of stampTriggerSql(name)) conn.db.exec(sql);
}

/**
 * Creates every declared index; one whose definition changed is dropped and rebuilt (SQLite
 * keeps the CREATE statement verbatim in sqlite_master, so comparing it is exact).
 */
export function migrateIndexes(
  conn: Connection,
  indexes: Readonly<Record<CollectionName, readonly IndexSpec[]>>,
  logger?: StoreLogger,
): void {
  const existing = conn.statement(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, true);
  for (const collection of COLLECTION_NAMES) {
    for (const spec of indexes[collection] ?? []) {
      for (const { name, sql } of indexSql(collection, spec)) {
        const current = existing.get(name) as string | undefined;
        if (current === sql) continue;
        if (current !== undefined) {
          logger?.warn({ collection, index: name }, 'index definition changed; rebuilding it');
          conn.db.exec(`DROP INDEX ${quoteIdent(name)}`);
        }
        conn.db.exec(sql);
      }
    }
  }
}
