import { transactionFailed } from '../store-errors.js';
import type { BaseDoc, Collection, CollectionName, Db } from '../types.js';
import type { Access } from './access.js';
import type { Connection } from './connection.js';
import { EmbeddedCollection } from './embedded-collection.js';
import type { Table } from './table.js';

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

  constructor(writer: Connection, tableOf: (name: CollectionName) => Table) {
    this.#writer = writer;
    this.#tableOf = tableOf;
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
      return work(this.#writer);
    },
    write: async (work) => {
      this.#assertActive();
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
