import {
  MongoBulkWriteError,
  MongoError,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
} from 'mongodb';
import { RosterError } from '../../errors/index.js';
import { invalidOperation, transactionFailed, uniqueViolation } from '../store-errors.js';
import type { CollectionName } from '../types.js';

const DUPLICATE_KEY = new Set([11000, 11001]);
// BadValue, FailedToParse, TypeMismatch, ImmutableField: a filter or update the server refuses,
// which the embedded engine reports as invalid_input too.
const INVALID_OPERATION = new Set([2, 9, 14, 66]);

export function isDuplicateKey(error: unknown): error is MongoServerError {
  if (!(error instanceof MongoServerError)) return false;
  if (DUPLICATE_KEY.has(Number(error.code))) return true;
  if (!(error instanceof MongoBulkWriteError)) return false;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return writeErrors.some((e) => DUPLICATE_KEY.has(e.code));
}

/** "E11000 duplicate key error collection: roster.users index: tenant_username dup key: …" */
function violatedIndex(error: MongoServerError): string | undefined {
  return /index: (\S+)/.exec(error.message)?.[1];
}

/**
 * Wraps the driver's errors once, where they enter. Inside a transaction only duplicate keys are
 * wrapped: the driver's withTransaction retries on the labels of the errors it sees, so transient
 * ones must reach it untouched.
 */
export function fromMongoError(error: unknown, collection: CollectionName, inTransaction: boolean): unknown {
  // The dup key values may hold personal data: they stay in `cause`, out of the message.
  if (isDuplicateKey(error)) return uniqueViolation(collection, violatedIndex(error), error);
  if (error instanceof MongoServerError && INVALID_OPERATION.has(Number(error.code)))
    return invalidOperation(error.message, error);
  if (inTransaction) return error;
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) {
    return new RosterError('unavailable', 'MongoDB is unreachable', { cause: error });
  }
  return error;
}

/** What withTransaction rethrows: our own errors as they are, a driver failure as a typed one. */
export function fromTransactionError(error: unknown): unknown {
  if (error instanceof MongoError) return transactionFailed('the MongoDB transaction could not commit', error);
  return error;
}
