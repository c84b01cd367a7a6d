import { MongoClient, type ClientSession, type Db as DriverDb, type TransactionOptions } from 'mongodb';
import { INDEXES, type IndexSpec } from '../indexes.js';
import type { StoreLogger } from '../store-logger.js';
import type { BaseDoc, Collection, CollectionName, Db, Store } from '../types.js';
import { MongoCollection } from './mongo-collection.js';
import { fromTransactionError } from './mongo-errors.js';
import { createDeclaredIndexes } from './mongo-indexes.js';

export interface MongoStoreOptions {
  uri: string;
  /** Database name; defaults to the one in the URI, else "roster". */
  dbName?: string;
  logger?: StoreLogger;
  /** Index declarations; defaults to INDEXES. */
  indexes?: Readonly<Record<CollectionName, readonly IndexSpec[]>>;
}

const DEFAULT_DB = 'roster';

// Snapshot reads and majority writes: what MongoDB recommends for multi-document transactions.
const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/** "mongodb://h1,h2/roster?replicaSet=rs" → "roster"; the URL class cannot parse host lists. */
export function dbNameFromUri(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

function sessionDb(db: DriverDb, session: ClientSession): Db {
  return {
    collection: <T extends BaseDoc = BaseDoc>(name: CollectionName): Collection<T> =>
      new MongoCollection<T>(name, db.collection<BaseDoc>(name), session),
  };
}

/** The system-of-record engine: the official driver, declared indexes, session transactions. */
export class MongoStore implements Store {
  readonly engine = 'mongo' as const;
  readonly #client: MongoClient;
  readonly #db: DriverDb;
  readonly #indexes: Readonly<Record<CollectionName, readonly IndexSpec[]>>;
  readonly #logger?: StoreLogger;
  readonly #collections = new Map<CollectionName, Collection<BaseDoc>>();

  constructor(client: MongoClient, options: MongoStoreOptions) {
    this.#client = client;
    this.#db = client.db(options.dbName ?? dbNameFromUri(options.uri) ?? DEFAULT_DB);
    this.#indexes = options.indexes ?? INDEXES;
    this.#logger = options.logger;
  }

  collection<T extends BaseDoc = BaseDoc>(name: CollectionName): Collection<T> {
    let collection = this.#collections.get(name);
    if (!collection) {
      collection = new MongoCollection<BaseDoc>(name, this.#db.collection<BaseDoc>(name));
      this.#collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  /** The driver retries `work` on transient errors, so `work` may run more than once. */
  async withTransaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    const session = this.#client.startSession();
    try {
      return await session.withTransaction(() => work(sessionDb(this.#db, session)), TRANSACTION_OPTIONS);
    } catch (error) {
      throw fromTransactionError(error);
    } finally {
      await session.endSession();
    }
  }

  migrate(): Promise<void> {
    return createDeclaredIndexes(this.#db, this.#indexes, this.#logger);
  }

  /** MongoDB's TTL monitor removes expired documents by itself (about once a minute). */
  async purgeExpired(): Promise<number> {
    return 0;
  }

  async ping(): Promise<void> {
    await this.#db.command({ ping: 1 });
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  // ignoreUndefined: the embedded engine (JSON) drops undefined fields; the driver would store null.
  const client = new MongoClient(options.uri, { ignoreUndefined: true, appName: 'roster' });
  await client.connect();
  return new MongoStore(client, options);
}
