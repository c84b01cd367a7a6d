import { transactionFailed } from '../store-errors.js';
import type { BaseDoc, Collection, CollectionName, Db } from '../types.js';
import type { Access } from './access.js';
import type { Connection } from './connection.js';
import { EmbeddedCollection } from './embedded-collection.js';
import type { Table } from './table.js';

/** The savepoint of one group-commit member; members run one after another, never nested. */
const MEMBER = 'roster_member';

export interface TxState {
  /** False once the transaction ended: a leaked `tx` must not write outside it. */
  active: boolean;
}

/**
 * One withTransaction call: BEGIN IMMEDIATE (take the write lock now rather than fail at the
 * first write), the awaited callback, then COMMIT or ROLLBACK. The caller holds the writer lock.
 */
export class TxScope {
  readonly #writer: Connection;
  readonly #tableOf: (name: CollectionName) => Table;
  readonly #state: TxState = { active: true };
  readonly #collections = new Map<CollectionName, Collection<BaseDoc>>();
  /** Told of every read and write through this transaction (group-commit.ts counts them as progress). */
  readonly #onActivity: () => void;

  constructor(writer: Connection, tableOf: (name: CollectionName) => Table, onActivity: () => void = () => {}) {
    this.#writer = writer;
    this.#tableOf = tableOf;
    this.#onActivity = onActivity;
  }

  async run<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    this.#begin();
    try {
      const result = await work(this.#db);
      this.#state.active = false;
      this.#commit();
      return result;
    } catch (error) {
      this.#state.active = false;
      if (this.#writer.db.inTransaction) this.#writer.statement('ROLLBACK').run();
      throw error;
    }
  }

  /**
   * One member of a group commit (group-commit.ts): the callback inside a savepoint of the
   * batch's open transaction. A failure rolls back this member's writes only; the batch's COMMIT
   * (or ROLLBACK) decides for the rest.
   */
  async runInBatch<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    this.#writer.statement(`SAVEPOINT ${MEMBER}`).run();
    try {
      const result = await work(this.#db);
      this.#state.active = false;
      this.#writer.statement(`RELEASE ${MEMBER}`).run();
      return result;
    } catch (error) {
      this.#state.active = false;
      // SQLite may have rolled the whole transaction back itself (SQLITE_FULL, IOERR): then
      // there is no savepoint left, and the group commit sees inTransaction false.
      if (this.#writer.db.inTransaction) {
        this.#writer.statement(`ROLLBACK TO ${MEMBER}`).run();
        this.#writer.statement(`RELEASE ${MEMBER}`).run();
      }
      throw error;
    }
  }

  readonly #db: Db = {
    collection: <T extends BaseDoc = BaseDoc>(name: CollectionName): Collection<T> => {
      let collection = this.#collections.get(name);
      if (!collection) {
        collection = new EmbeddedCollection<BaseDoc>(this.#tableOf(name), this.#access);
        this.#collections.set(name, collection);
      }
      return collection as unknown as Collection<T>;
    },
  };

  readonly #access: Access = {
    read: async (work) => {
      this.#assertActive();
      this.#onActivity();
      return work(this.#writer);
    },
    write: async (work) => {
      this.#assertActive();
      this.#onActivity();
      return this.#writer.atomic(() => work(this.#writer));
    },
  };

  #assertActive(): void {
    if (!this.#state.active) throw transactionFailed('this transaction has already ended');
  }

  #begin(): void {
    try {
      this.#writer.statement('BEGIN IMMEDIATE').run();
    } catch (error) {
      throw transactionFailed('could not start a transaction (is another process holding the write lock?)', error);
    }
  }

  #commit(): void {
    try {
      this.#writer.statement('COMMIT').run();
    } catch (error) {
      throw transactionFailed('the transaction could not commit; nothing was written', error);
    }
  }
}
