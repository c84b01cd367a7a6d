import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  INDEXES,
  openEmbeddedStore,
  openMongoStore,
  type CollectionName,
  type EngineName,
  type IndexSpec,
  type Store,
} from '../../../src/store/index.js';

export type IndexSet = Readonly<Record<CollectionName, readonly IndexSpec[]>>;

/** How one engine gives each test a fresh, empty, migrated store of its own. */
export interface EngineHarness {
  readonly engine: EngineName;
  /** Claims a fresh place for one test's data (a temp dir, a database name). */
  allocate(): Promise<string>;
  open(place: string, indexes: IndexSet): Promise<Store>;
  release(place: string): Promise<void>;
}

export function embeddedHarness(): EngineHarness {
  return {
    engine: 'embedded',
    allocate: () => mkdtemp(path.join(tmpdir(), 'roster-contract-')),
    async open(dataDir, indexes) {
      const store = openEmbeddedStore({ dataDir, indexes, ttlSweepSeconds: 0 });
      await store.migrate();
      return store;
    },
    release: (dataDir) => rm(dataDir, { recursive: true, force: true }),
  };
}

export function mongoHarness(uri: string): EngineHarness {
  return {
    engine: 'mongo',
    allocate: async () => `roster_contract_${randomUUID().slice(0, 8)}`,
    async open(dbName, indexes) {
      const store = await openMongoStore({ uri, dbName, indexes });
      await store.migrate();
      return store;
    },
    async release(dbName) {
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(uri).connect();
      await client.db(dbName).dropDatabase();
      await client.close();
    },
  };
}

/** What a contract case sees: the store under test, fresh for every test. */
export interface StoreContext {
  readonly engine: EngineName;
  readonly store: Store;
  /** Where the data lives (the embedded engine's data directory, the mongo database name). */
  readonly place: string;
  /** Closes the store and opens the same data again, as a restarted process does. */
  reopen(indexes?: IndexSet): Promise<Store>;
}

/** Registers beforeEach/afterEach that open and clean up a store; returns the live context. */
export function useStore(harness: EngineHarness): StoreContext {
  let store: Store | undefined;
  let place: string | undefined;
  beforeEach(async () => {
    place = await harness.allocate();
    store = await harness.open(place, INDEXES);
  });
  afterEach(async () => {
    await store?.close();
    if (place) await harness.release(place);
    store = place = undefined;
  });
  return {
    engine: harness.engine,
    get store() {
      if (!store) throw new Error('the store exists only inside a test');
      return store;
    },
    get place() {
      if (!place) throw new Error('the store exists only inside a test');
      return place;
    },
    async reopen(indexes = INDEXES) {
      await store?.close();
      store = await harness.open(place!, indexes);
      return store;
    },
  };
}
