import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INDEXES, type IndexSpec } from '../indexes.js';
import { transactionFailed } from '../store-errors.js';
import type { StoreLogger } from '../store-logger.js';
import {
  COLLECTION_NAMES,
  type BaseDoc,
  type Collection,
  type CollectionName,
  type Db,
  type Filter,
  type SortSpec,
  type Store,
} from '../types.js';
import type { Access } from './access.js';
import { AsyncMutex } from './async-mutex.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.js';
import { Connection } from './connection.js';
import { EmbeddedCollection } from './embedded-collection.js';
import { GroupCommit } from './group-commit.js';
import { planFilter, planSort } from './query-plan.js';
import { ensureTables, migrateIndexes } from './schema.js';
import { STAMP_TABLE } from './sql-schema.js';
import { describeTable, type Table } from './table.js';
import { purgeExpiredRows, ttlRules, type TtlRule } from './ttl.js';

export interface EmbeddedStoreOptions {
  /** Directory of the database file `roster.sqlite`; created when missing. */
  dataDir: string;
  /** Seconds between TTL sweeps; 0 turns the sweep off (call purgeExpired yourself). Default 60. */
  ttlSweepSeconds?: number;
  /** How long a write waits for another process's write lock before failing. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * How long a write or transaction waits for this process's writer lock before it is refused
   * (store_transaction_failed). Default 15000; only a caller waiting for itself gets near it.
   */
  lockWaitMs?: number;
  logger?: StoreLogger;
  /**
   * Milliseconds between WAL checkpoints on a background thread (checkpointer.ts), so that no
   * commit runs one; 0 leaves them to SQLite, inside the commit that crosses its threshold.
   * Default 200.
   */
  checkpointMs?: number;
  /** Index declarations; defaults to INDEXES. */
  indexes?: Readonly<Record<CollectionName, readonly IndexSpec[]>>;
}

export const DATABASE_FILE = 'roster.sqlite';

/**
 * The zero-setup engine: one SQLite file, MongoDB semantics through mingo. One writer connection
 * behind an async lock (a transaction holds it across its awaits) and one reader connection that
 * sees only committed data (WAL snapshots), so reads never wait for writes.
 */
export class EmbeddedStore implements Store {
  readonly engine = 'embedded' as const;
  readonly file: string;
  readonly #writer: Connection;
  readonly #reader: Connection;
  readonly #lock = new AsyncMutex();
  readonly #lockWaitMs: number;
  readonly #tables = new Map<CollectionName, Table>();
  readonly #collections = new Map<CollectionName, Collection<BaseDoc>>();
  readonly #indexes: Readonly<Record<CollectionName, readonly IndexSpec[]>>;
  readonly #ttl: TtlRule[];
  readonly #logger?: StoreLogger;
  readonly #sweep?: NodeJS.Timeout;
  readonly #groupCommit: GroupCommit;
  readonly #checkpointer?: Checkpointer;
  #closing?: Promise<void>;
  #stamp = { version: -1, count: 0 };

  constructor(options: EmbeddedStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.file = join(options.dataDir, DATABASE_FILE);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#lockWaitMs = options.lockWaitMs ?? 15_000;
    this.#writer = new Connection(this.file, { readOnly: false, busyTimeoutMs });
    try {
      this.#writer.atomic(() => ensureTables(this.#writer));
      this.#reader = new Connection(this.file, { readOnly: true, busyTimeoutMs });
    } catch (error) {
      this.#writer.close();
      throw error;
    }
    this.#indexes = options.indexes ?? INDEXES;
    this.#ttl = ttlRules(this.#indexes);
    this.#logger = options.logger;
    for (const name of COLLECTION_NAMES) this.#tables.set(name, describeTable(name, this.#indexes[name] ?? []));
    this.#sweep = this.#startSweep(options.ttlSweepSeconds ?? 60);
    this.#checkpointer = this.#startCheckpointer(options.checkpointMs ?? 200);
    this.#groupCommit = new GroupCommit({
      writer: this.#writer,
      tableOf: (name) => this.#table(name),
      lock: this.#lock,
      waitMs: this.#lockWaitMs,
      onTimeout: () => this.#lockTimeout(),
    });
  }

  collection<T extends BaseDoc = BaseDoc>(name: CollectionName): Collection<T> {
    let collection = this.#collections.get(name);
    if (!collection) {
      collection = new EmbeddedCollection<BaseDoc>(this.#table(name), this.#outside);
      this.#collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  /** Concurrent transactions commit together (group-commit.ts); each settles after its COMMIT. */
  withTransaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    return this.#groupCommit.run(work);
  }

  migrate(): Promise<void> {
    return this.#outside.write(() => migrateIndexes(this.#writer, this.#indexes, this.#logger));
  }

  purgeExpired(): Promise<number> {
    return this.#outside.write(() => purgeExpiredRows(this.#writer, this.#ttl, new Date()));
  }

  async ping(): Promise<void> {
    this.#reader.statement('SELECT 1', true).get();
  }

  /**
   * The stamp row's count (sql-schema.ts: triggers bump it in the transaction of every write but
   * the audit trail's), re-read only when SQLite's data_version on the reader moved, which it does
   * after any commit by another connection: the writer of this process or any other process on
   * the file (sqlite.org/pragma.html#pragma_data_version). data_version is read first, so a
   * commit landing between the two reads moves it again and the next call re-reads the count.
   */
  commitStamp(): number {
    const version = this.#reader.statement('PRAGMA data_version', true).get() as number;
    if (version !== this.#stamp.version) {
      const count = this.#reader.statement(`SELECT n FROM ${STAMP_TABLE}`, true).get() as number;
      this.#stamp = { version, count };
    }
    return this.#stamp.count;
  }

  /**
   * The EXPLAIN QUERY PLAN lines of the SQL that find(filter, {sort}) runs: proof of index use
   * (and, with a sort, of the absence of a `USE TEMP B-TREE FOR ORDER BY` step).
   */
  explain(collection: CollectionName, filter: Filter, sort?: SortSpec): string[] {
    const table = this.#table(collection);
    const plan = planFilter(filter, table.columns);
    const sql = `EXPLAIN QUERY PLAN SELECT doc FROM ${table.sql}${plan.where}${planSort(sort, table.columns) ?? ''}`;
    // EXPLAIN reads no table, so it would not notice indexes created since this connection last
    // read; a real query re-prepares itself on that schema change. Read once so both agree.
    this.#reader.statement('SELECT count(*) FROM sqlite_master', true).get();
    return (this.#reader.db.prepare(sql).all(...plan.params) as { detail: string }[]).map((row) => row.detail);
  }

  close(): Promise<void> {
    clearInterval(this.#sweep);
    // Transactions and writes already queued finish before the file closes.
    this.#closing ??= this.#groupCommit.settled().then(async () => {
      await this.#checkpointer?.close();
      await this.#lock.run(() => {
        this.#reader.close();
        this.#writer.close();
      });
    });
    return this.#closing;
  }

  readonly #outside: Access = {
    read: async (work) => work(this.#reader),
    // A write outside a transaction is a transaction of its own, so it joins the group commit
    // too: a denied authorization's first audit tally or a credential's lastUsedAt costs a
    // savepoint in a shared commit instead of a commit (the largest item of POST /v1/authorize).
    write: (work) => this.#groupCommit.run(async () => this.#writer.atomic(() => work(this.#writer))),
  };

  #lockTimeout(): Error {
    return transactionFailed(
      `waited ${this.#lockWaitMs} ms for the writer lock: inside withTransaction, ` +
        'write through tx (not the store) and do not nest withTransaction',
    );
  }

  #table(name: CollectionName): Table {
    const table = this.#tables.get(name);
    if (!table) throw new Error(`unknown collection ${JSON.stringify(name)}`);
    return table;
  }

  #startCheckpointer(intervalMs: number): Checkpointer | undefined {
    if (!(intervalMs > 0)) return undefined;
    this.#writer.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    // Should the thread fail, commits checkpoint at SQLite's default threshold again.
    const fallBack = () => this.#writer.db.open && this.#writer.db.pragma('wal_autocheckpoint = 1000');
    return startCheckpointer(this.file, intervalMs, fallBack, this.#logger);
  }

  #startSweep(seconds: number): NodeJS.Timeout | undefined {
    if (!(seconds > 0) || this.#ttl.length === 0) return undefined;
    const sweep = () =>
      this.purgeExpired().then(
        (deleted) => deleted > 0 && this.#logger?.info({ deleted }, 'expired documents purged'),
        (err: unknown) => this.#logger?.warn({ err }, 'TTL sweep failed; will retry'),
      );
    // unref: a pending sweep never keeps the process alive.
    return setInterval(sweep, seconds * 1000).unref();
  }
}

export function openEmbeddedStore(options: EmbeddedStoreOptions): EmbeddedStore {
  return new EmbeddedStore(options);
}
