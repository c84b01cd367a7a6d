import Database from 'better-sqlite3';

type Statement = Database.Statement<unknown[], unknown>;

/** Enough for every (collection, SQL shape) the engine generates; the bound only guards against bugs. */
const MAX_CACHED_STATEMENTS = 1000;

export interface ConnectionOptions {
  /** The reader refuses writes, so a bug that writes outside the lock fails loudly. */
  readOnly: boolean;
  busyTimeoutMs: number;
}

/** One better-sqlite3 connection with its prepared-statement cache and a nestable atomic section. */
export class Connection {
  readonly db: Database.Database;
  readonly #statements = new Map<string, Statement>();
  readonly #atomic: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(file: string, options: ConnectionOptions) {
    this.db = new Database(file, { timeout: options.busyTimeoutMs });
    this.db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last commits on power loss, never consistency (sqlite.org/wal.html).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
    this.db.pragma('cache_size = -32000');
    this.db.pragma('temp_store = MEMORY');
    if (options.readOnly) this.db.pragma('query_only = ON');
    // better-sqlite3 turns a nested call into a SAVEPOINT, so the same helper serves inside a transaction.
    this.#atomic = this.db.transaction((work: () => unknown) => work());
  }

  /** A cached prepared statement; `pluck` statements return the first column only. */
  statement(sql: string, pluck = false): Statement {
    const key = pluck ? `p:${sql}` : sql;
    let statement = this.#statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (pluck) statement.pluck();
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#evictOldest();
      this.#statements.set(key, statement);
    }
    return statement;
  }

  /** Runs `work` all-or-nothing: BEGIN IMMEDIATE at top level, a savepoint inside a transaction. */
  atomic<R>(work: () => R): R {
    return this.#atomic.immediate(work) as R;
  }

  close(): void {
    this.#statements.clear();
    if (this.db.open) this.db.close();
  }

  #evictOldest(): void {
    const oldest = this.#statements.keys().next();
    if (!oldest.done) this.#statements.delete(oldest.value);
  }
}
