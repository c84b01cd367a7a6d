import { openEmbeddedStore } from './embedded/index.js';
import type { MongoStore, MongoStoreOptions } from './mongo/index.js';
import type { StoreLogger } from './store-logger.js';
import type { Store } from './types.js';

export * from './types.js';
export { INDEXES, type IndexSpec } from './indexes.js';
export type { StoreLogger } from './store-logger.js';
export { openEmbeddedStore, EmbeddedStore, DATABASE_FILE, type EmbeddedStoreOptions } from './embedded/index.js';
export type { MongoStore, MongoStoreOptions } from './mongo/index.js';

export interface CreateStoreOptions {
  /** Set: the mongo engine (the system of record). Unset: the embedded engine in `dataDir`. */
  mongodbUri?: string;
  dataDir: string;
  /** Embedded engine: seconds between TTL sweeps; 0 turns the sweep off. Default 60. */
  ttlSweepSeconds?: number;
  logger?: StoreLogger;
}

/** Loads the driver on demand, so a process on the embedded engine never loads it. */
export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const mongo = await import('./mongo/index.js');
  return mongo.openMongoStore(options);
}

/** Opens the engine the options call for and brings its indexes up to date. */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const store: Store = options.mongodbUri
    ? await openMongoStore({ uri: options.mongodbUri, logger: options.logger })
    : openEmbeddedStore({ dataDir: options.dataDir, ttlSweepSeconds: options.ttlSweepSeconds, logger: options.logger });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
export { instrumentStore, type StoreObserver } from './instrument.js';
