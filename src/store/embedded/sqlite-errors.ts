import Database from 'better-sqlite3';
import { RosterError } from '../../errors/index.js';
import { uniqueViolation } from '../store-errors.js';
import type { CollectionName } from '../types.js';
import { declaredIndexName } from './sql-schema.js';

/** "UNIQUE constraint failed: index 'users__tenant_username'" or "… failed: users._id". */
function violatedIndex(collection: CollectionName, message: string): string | undefined {
  const index = /index '([^']+)'/.exec(message)?.[1];
  if (index) return declaredIndexName(collection, index);
  return /\._id\b/.test(message) ? '_id_' : undefined; // MongoDB's name for the _id index
}

/** Wraps SQLite's errors once, where they enter; anything else passes through untouched. */
export function fromSqliteError(error: unknown, collection: CollectionName): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return uniqueViolation(collection, violatedIndex(collection, error.message), error);
  }
  if (error.code.startsWith('SQLITE_BUSY')) {
    return new RosterError('unavailable', 'the embedded store is busy; try again', { cause: error });
  }
  return error;
}
