import type { Connection } from './connection.js';

/**
 * How a collection reaches SQLite. Outside a transaction: reads on the reader connection (a
 * committed WAL snapshot), writes on the writer under the lock. Inside one: both on the writer,
 * so the transaction reads its own writes.
 */
export interface Access {
  read<R>(work: (conn: Connection) => R): Promise<R>;
  /** Runs `work` atomically (its own SQLite transaction, or a savepoint inside one). */
  write<R>(work: (conn: Connection) => R): Promise<R>;
}
