import { sparseField } from '../index-rules.js';
import type { IndexSpec } from '../indexes.js';
import type { CollectionName } from '../types.js';

// SQL text for tables and expression indexes. The expression an index is built on and the
// expression a query compares must be character-for-character equal for SQLite to use the index,
// so both come from fieldExpr() here.

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `json_extract(doc,'$.a.b')`; field names come from INDEXES, never from a request. */
export function fieldExpr(field: string): string {
  if (!FIELD_PATH.test(field)) throw new Error(`cannot index field path ${JSON.stringify(field)}`);
  return `json_extract(doc,'$.${field}')`;
}

export function createTableSql(collection: CollectionName): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(collection)} (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`;
}

/** One row counting the commits Store.commitStamp follows; bumped by triggers (stampTriggerSql). */
export const STAMP_TABLE = '_roster_stamp';

export const createStampTableSql = [
  `CREATE TABLE IF NOT EXISTS ${STAMP_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`,
  `INSERT OR IGNORE INTO ${STAMP_TABLE} (id, n) VALUES (1, 0)`,
];

/**
 * Triggers, not engine code, so every writer of the file bumps the stamp in the transaction of
 * its write, whatever process or path it comes from (sqlite.org/lang_createtrigger.html).
 */
export function stampTriggerSql(collection: CollectionName): string[] {
  return (['INSERT', 'UPDATE', 'DELETE'] as const).map(
    (event) =>
      `CREATE TRIGGER IF NOT EXISTS ${quoteIdent(`${collection}__stamp_${event.toLowerCase()}`)} ` +
      `AFTER ${event} ON ${quoteIdent(collection)} BEGIN UPDATE ${STAMP_TABLE} SET n = n + 1; END`,
  );
}

export function sqliteIndexName(collection: CollectionName, index: string): string {
  return `${collection}__${index}`;
}

const NULLS_SUFFIX = '__nulls';

/** Maps a SQLite index name back to the declared index name (for error messages). */
export function declaredIndexName(collection: CollectionName, sqliteName: string): string {
  const bare = sqliteName.startsWith(`${collection}__`) ? sqliteName.slice(collection.length + 2) : sqliteName;
  return bare.endsWith(NULLS_SUFFIX) ? bare.slice(0, -NULLS_SUFFIX.length) : bare;
}

export interface IndexSql {
  name: string;
  sql: string;
}

/**
 * `_id` is the table's own column (queries compare and sort by it, table.ts), so an index that
 * names it, such as (tenantId, _id) for paging a tenant in id order, is built on that column.
 */
function keyExpr(field: string): string {
  return field === '_id' ? '_id' : fieldExpr(field);
}

function mainIndex(collection: CollectionName, spec: IndexSpec): IndexSql {
  const name = sqliteIndexName(collection, spec.name);
  const columns = Object.entries(spec.keys).map(([f, dir]) => `${keyExpr(f)}${dir === -1 ? ' DESC' : ''}`);
  const unique = spec.unique ? 'UNIQUE ' : '';
  return {
    name,
    sql: `CREATE ${unique}INDEX ${quoteIdent(name)} ON ${quoteIdent(collection)} (${columns.join(', ')})`,
  };
}

/**
 * MongoDB indexes a missing field as null, so two documents lacking a unique key collide there,
 * while SQLite treats every NULL as distinct. This partial index holds only documents with a
 * missing key (normally none) and maps NULL to a sentinel, restoring MongoDB's behaviour.
 * A sparse index's own field is exempt: documents lacking it are not indexed at all.
 */
function nullCollisionIndex(collection: CollectionName, spec: IndexSpec): IndexSql | undefined {
  if (!spec.unique) return undefined;
  const sparse = sparseField(spec);
  const nullable = Object.keys(spec.keys).filter((f) => f !== sparse);
  if (nullable.length === 0) return undefined;
  const name = sqliteIndexName(collection, spec.name) + NULLS_SUFFIX;
  const columns = Object.keys(spec.keys).map((f) => `ifnull(${keyExpr(f)}, X'00')`);
  const anyNull = nullable.map((f) => `${fieldExpr(f)} IS NULL`).join(' OR ');
  const where = sparse ? `${fieldExpr(sparse)} IS NOT NULL AND (${anyNull})` : anyNull;
  return {
    name,
    sql: `CREATE UNIQUE INDEX ${quoteIdent(name)} ON ${quoteIdent(collection)} (${columns.join(', ')}) WHERE ${where}`,
  };
}

export function indexSql(collection: CollectionName, spec: IndexSpec): IndexSql[] {
  const extra = nullCollisionIndex(collection, spec);
  return extra ? [mainIndex(collection, spec), extra] : [mainIndex(collection, spec)];
}

/** Fields a query may compare in SQL: declared index fields are scalars (see indexes.ts). */
export function indexedFields(specs: readonly IndexSpec[]): ReadonlySet<string> {
  return new Set(specs.flatMap((s) => Object.keys(s.keys)));
}
