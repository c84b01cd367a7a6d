import { RosterError } from '../errors/index.js';
import type { CollectionName } from './types.js';

// The store's typed errors, shared by both engines so domain code catches one code whichever runs.

/** A write that would break a unique index (MongoDB E11000, SQLite UNIQUE constraint). */
export function uniqueViolation(collection: CollectionName, index: string | undefined, cause: unknown): RosterError {
  const where = index ? `unique index ${index}` : 'a unique index';
  return new RosterError('store_unique_violation', `duplicate key in ${collection}: ${where}`, {
    cause,
    details: { collection, ...(index ? { index } : {}) },
  });
}

/** A transaction that could not begin or commit; nothing it wrote is kept. */
export function transactionFailed(message: string, cause?: unknown): RosterError {
  return new RosterError('store_transaction_failed', message, { cause });
}

/** A filter or update the store refuses (what MongoDB reports as BadValue / ImmutableField). */
export function invalidOperation(message: string, cause?: unknown): RosterError {
  return new RosterError('invalid_input', message, { cause });
}
