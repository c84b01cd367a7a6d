import type { Collection, CollectionName, Db, Store } from './types.js';

// Times every collection call of a store, whichever engine runs, without the engines knowing:
// a decorator applied once by the composition root. Transactions are timed per call inside them
// as well (the `tx` handed to the work is wrapped the same way).

export type StoreObserver = (collection: string, operation: string, seconds: number) => void;

const TIMED = [
  'insertOne',
  'insertMany',
  'findOne',
  'find',
  'countDocuments',
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'bulkWrite',
] as const;

interface Timed {
  name: CollectionName;
  inner: Collection;
  observe: StoreObserver;
}

/**
 * The timed methods, made once and shared by every wrapper through its prototype: a wrapper is
 * made per `collection()` call (several per request), and binding twelve closures for each was
 * 1.3% of a SCIM create's busy time (bench/peers/profile.ts).
 */
const TIMED_METHODS: Record<string, unknown> = {};
for (const op of TIMED) {
  TIMED_METHODS[op] = async function (this: Timed, ...args: unknown[]) {
    const start = process.hrtime.bigint();
    try {
      return await (this.inner[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      this.observe(this.name, op, Number(process.hrtime.bigint() - start) / 1e9);
    }
  };
}

// The name comes from the caller, not `inner.name`: an engine's collection may be wrapped (a
// test's recording Proxy) in a way its private-field getters do not survive.
function timedCollection<C extends Collection>(name: CollectionName, inner: C, observe: StoreObserver): C {
  const timed: Timed = Object.create(TIMED_METHODS);
  timed.name = name;
  timed.inner = inner;
  timed.observe = observe;
  return timed as unknown as C;
}

function timedDb(db: Db, observe: StoreObserver): Db {
  return { collection: (name) => timedCollection(name, db.collection(name), observe) };
}

/**
 * The engine's commitStamp is passed through where it has one: the caches above the store
 * (src/credentials/credential-cache.ts, src/access/read-snapshot.ts) skip their version reads
 * while it holds, and through this wrapper alone they would never see it.
 */
export function instrumentStore(store: Store, observe: StoreObserver): Store {
  // An engine hands out the same collection object call after call: wrap each once, not per call.
  // Keyed by that object, not by name, so whatever the store returns now (a test's spy) is timed.
  const wrapped = new WeakMap<Collection, Collection>();
  const collection = (name: CollectionName) => {
    const inner = store.collection(name);
    let timed = wrapped.get(inner);
    if (!timed) wrapped.set(inner, (timed = timedCollection(name, inner, observe)));
    return timed;
  };
  return {
    get engine() {
      return store.engine;
    },
    collection: collection as Store['collection'],
    withTransaction: (work) => store.withTransaction((tx) => work(timedDb(tx, observe))),
    migrate: () => store.migrate(),
    purgeExpired: () => store.purgeExpired(),
    ping: () => store.ping(),
    // Untimed (no collection call), but kept: without it every stamp-guarded cache reads afresh.
    ...(store.commitStamp ? { commitStamp: () => store.commitStamp!() } : {}),
    close: () => store.close(),
  };
}
