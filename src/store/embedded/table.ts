import type { IndexSpec } from '../indexes.js';
import type { CollectionName } from '../types.js';
import { fieldExpr, indexedFields, quoteIdent } from './sql-schema.js';

/** What the SQL side of one collection needs: its table name and the columns a query may use. */
export interface Table {
  readonly name: CollectionName;
  /** The quoted table identifier. */
  readonly sql: string;
  /** `_id` and every indexed field mapped to the SQL expression their index is built on. */
  readonly columns: ReadonlyMap<string, string>;
}

export function describeTable(name: CollectionName, specs: readonly IndexSpec[]): Table {
  const columns = new Map<string, string>([['_id', '_id']]);
  for (const field of indexedFields(specs)) if (field !== '_id') columns.set(field, fieldExpr(field));
  return { name, sql: quoteIdent(name), columns };
}
