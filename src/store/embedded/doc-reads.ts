import { find as mingoFind, Query } from 'mingo';
import type { BaseDoc, Filter, FindOptions, Projection } from '../types.js';
import type { Connection } from './connection.js';
import { decodeDoc } from './doc-codec.js';
import { fastMatcher } from './fast-match.js';
import { planFilter, planSort, type SqlPlan } from './query-plan.js';
import type { Table } from './table.js';

// Reads: SQL narrows the rows (using an index where the filter allows), mingo decides.

/** A stored row: its JSON text (to detect "nothing changed" on update) and the parsed document. */
export interface Row<T> {
  text: string;
  doc: T;
}

/** SQL LIMIT takes -1 for "no limit"; MongoDB takes 0. */
const sqlLimit = (limit: number | undefined): number => (limit && limit > 0 ? limit : -1);

function selectSql(table: Table, plan: SqlPlan, orderBy: string): string {
  return `SELECT doc FROM ${table.sql}${plan.where}${orderBy} LIMIT ? OFFSET ?`;
}

/**
 * findOne's common case (a primary-key or unique-index lookup): one step of a statement without
 * LIMIT/OFFSET parameters. better-sqlite3's get() stops at the first row, where all() steps to
 * the end and builds an array: about 2.5× the cost of the lookup itself.
 */
function firstRow<T>(conn: Connection, table: Table, plan: SqlPlan, orderBy: string): Row<T>[] {
  const statement = conn.statement(`SELECT doc FROM ${table.sql}${plan.where}${orderBy} LIMIT 1`, true);
  const text = statement.get(...plan.params) as string | undefined;
  return text === undefined ? [] : [{ text, doc: decodeDoc<T>(text) }];
}

/** Rows matching `filter` in SQL order, skipping `skip` matches, stopping after `limit` matches. */
export function scanRows<T extends BaseDoc>(
  conn: Connection,
  table: Table,
  filter: Filter,
  options: { orderBy?: string; skip?: number; limit?: number } = {},
): Row<T>[] {
  const plan = planFilter(filter, table.columns);
  if (plan.exact && options.limit === 1 && !options.skip) return firstRow(conn, table, plan, options.orderBy ?? '');
  const statement = conn.statement(selectSql(table, plan, options.orderBy ?? ''), true);
  if (plan.exact) {
    const texts = statement.all(...plan.params, sqlLimit(options.limit), options.skip ?? 0) as string[];
    return texts.map((text) => ({ text, doc: decodeDoc<T>(text) }));
  }
  // mingo's Query is built on first use only: the fast matcher decides the hot keyset reads alone,
  // and building a Query per page was ~4% of SIEM delivery's CPU (`node --cpu-prof` of bench/siem.ts).
  let query: Query | undefined;
  const general = (doc: Record<string, unknown>) => (query ??= new Query(filter)).test(doc);
  const matches = fastMatcher(filter, general) ?? general;
  const rows: Row<T>[] = [];
  let toSkip = options.skip ?? 0;
  const limit = sqlLimit(options.limit);
  /** Takes one SQL row; true once `limit` matches are in. */
  const take = (text: string): boolean => {
    const doc = decodeDoc<T>(text);
    if (!matches(doc as Record<string, unknown>)) return false;
    if (toSkip > 0) {
      toSkip--;
      return false;
    }
    rows.push({ text, doc });
    return rows.length === limit;
  };
  // SQL returns a superset of the matches, so it cannot apply LIMIT/OFFSET itself. With a limit the
  // rows the answer most likely needs come first, through all() (about 0.3 µs a row cheaper than
  // iterate() in better-sqlite3); only when the re-check rejected some do the rest stream through
  // iterate(), from where all() stopped. No write can come between the two: this is synchronous.
  let offset = 0;
  if (limit > 0) {
    const wanted = limit + toSkip;
    const texts = statement.all(...plan.params, wanted, 0) as string[];
    for (const text of texts) if (take(text)) return rows;
    if (texts.length < wanted) return rows;
    offset = texts.length;
  }
  for (const text of statement.iterate(...plan.params, -1, offset) as IterableIterator<string>) {
    if (take(text)) break; // leaving the loop resets the statement
  }
  return rows;
}

/**
 * The common projection, top-level fields only, all included or all excluded, is done here:
 * mingo builds a query context per call, which cost ~4% of a SCIM create on the hot
 * membership and role reads. Anything else (dotted paths, operators) still goes to mingo.
 */
function simpleProjection(
  projection: Projection,
): ((doc: Record<string, unknown>) => Record<string, unknown>) | undefined {
  const keys = Object.keys(projection);
  if (keys.some((k) => k.includes('.') || k.startsWith('$'))) return undefined;
  const fields = keys.filter((k) => k !== '_id');
  const including = fields.length > 0 ? projection[fields[0]] === 1 : projection._id === 1;
  if (fields.some((k) => (projection[k] === 1) !== including)) return undefined;
  const dropId = projection._id === 0;
  if (including) {
    return (doc) => {
      const out: Record<string, unknown> = dropId ? {} : { _id: doc._id };
      for (const k of fields) if (doc[k] !== undefined) out[k] = doc[k];
      return out;
    };
  }
  return (doc) => {
    const out = { ...doc };
    for (const k of fields) delete out[k];
    if (dropId) delete out._id;
    return out;
  };
}

export function project<T>(docs: T[], projection: Projection | undefined): T[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const simple = simpleProjection(projection);
  if (simple) return docs.map((d) => simple(d as Record<string, unknown>) as T);
  return mingoFind(docs, {}, projection).all() as T[];
}

export function findDocs<T extends BaseDoc>(
  conn: Connection,
  table: Table,
  filter: Filter,
  options: FindOptions = {},
): T[] {
  const orderBy = planSort(options.sort, table.columns);
  if (orderBy !== undefined) {
    const rows = scanRows<T>(conn, table, filter, { orderBy, skip: options.skip, limit: options.limit });
    return project(
      rows.map((r) => r.doc),
      options.projection,
    );
  }
  // Sorting on a field SQL does not know: collect every match, let mingo sort, page and project.
  const docs = scanRows<T>(conn, table, filter).map((r) => r.doc);
  const cursor = mingoFind(docs, {}, options.projection ?? {}).sort(options.sort ?? {});
  if (options.skip) cursor.skip(options.skip);
  if (options.limit && options.limit > 0) cursor.limit(options.limit);
  return cursor.all() as T[];
}

export function countDocs(conn: Connection, table: Table, filter: Filter): number {
  const plan = planFilter(filter, table.columns);
  if (plan.exact) {
    return conn.statement(`SELECT COUNT(*) FROM ${table.sql}${plan.where}`, true).get(...plan.params) as number;
  }
  return scanRows(conn, table, filter).length;
}
