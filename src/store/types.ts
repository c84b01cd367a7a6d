// The Store interface: the only way domain code touches persistence. Domain code speaks MongoDB's
// query and update language (filters like {tenantId, userNameLower}, updates like {$set: …}) and
// never knows whether the `embedded` (SQLite + mingo) or the `mongo` engine runs underneath.

/** Every stored document has a string `_id` and (except the tenants collection) a `tenantId`. */
export interface BaseDoc {
  _id: string;
  [key: string]: unknown;
}

/** A MongoDB query filter (subset supported by both engines: comparison, logical, element, array, $regex). */
export type Filter = Record<string, unknown>;
/** A MongoDB update document: $set, $unset, $inc, $addToSet (with $each), $pull, $push, $setOnInsert. */
export type Update = Record<string, Record<string, unknown>>;
export type SortSpec = Record<string, 1 | -1>;
/** Inclusion ({a: 1}) or exclusion ({a: 0}) projection; `_id` is always returned unless excluded. */
export type Projection = Record<string, 0 | 1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface FindOneAndUpdateOptions extends UpdateOptions {
  /** Which version to return; defaults to 'after' (MongoDB's default is 'before'; ours is the useful one). */
  returnDocument?: 'before' | 'after';
  projection?: Projection;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  /** Set when an upsert inserted a new document. */
  upsertedId?: string;
}

export type BulkOperation<T extends BaseDoc> =
  | { insertOne: { document: T } }
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { updateMany: { filter: Filter; update: Update } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export interface BulkResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
}

export interface Collection<T extends BaseDoc = BaseDoc> {
  readonly name: CollectionName;
  /** Throws RosterError code `store_unique_violation` when a unique index would be broken. */
  insertOne(doc: T): Promise<T>;
  insertMany(docs: T[]): Promise<number>;
  findOne(filter: Filter, options?: Pick<FindOptions, 'projection' | 'sort'>): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null>;
  /** Replaces the whole document (keeping `_id`); matchedCount is 0 when nothing matched (and no upsert). */
  replaceOne(filter: Filter, doc: T, options?: UpdateOptions): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  /** Many writes in one round trip, in order; stops at the first error (ordered semantics). */
  bulkWrite(operations: BulkOperation<T>[]): Promise<BulkResult>;
}

/** A set of collections; inside withTransaction, every collection is bound to that transaction. */
export interface Db {
  collection<T extends BaseDoc = BaseDoc>(name: CollectionName): Collection<T>;
}

export type EngineName = 'embedded' | 'mongo';

export interface Store extends Db {
  readonly engine: EngineName;
  /**
   * Runs `work` atomically: every write through `tx` commits together or not at all.
   * Reads through `tx` see the transaction's own writes. Retries transient conflicts on mongo.
   */
  withTransaction<R>(work: (tx: Db) => Promise<R>): Promise<R>;
  /** Creates every declared index (idempotent). Called at start and by `roster migrate`. */
  migrate(): Promise<void>;
  /** Deletes documents whose TTL index says they have expired (mongo does this itself; embedded sweeps). */
  purgeExpired(): Promise<number>;
  /** Resolves when the engine answers; throws otherwise. Used by /readyz. */
  ping(): Promise<void>;
  /**
   * A number that differs from the previous answer whenever a commit in between, by this process
   * or another, wrote any collection but the audit trail's own (UNSTAMPED_COLLECTIONS); absent
   * where the engine cannot tell cheaply (mongo). Lets a cache of anything else skip
   * re-validating against the store while none of it has changed.
   */
  commitStamp?(): number;
  close(): Promise<void>;
}

export const COLLECTION_NAMES = [
  'tenants',
  'idpConnections',
  'scimTokens',
  'apiKeys',
  'users',
  'groups',
  'memberships',
  'teams',
  'teamMembers',
  'invitations',
  'roles',
  'roleMappings',
  'resourceAcls',
  'connectors',
  'syncState',
  'auditEvents',
  'outbox',
  'sequences',
  'operatorKeys',
  'siemStreams',
  'cacheVersions',
] as const;

export type CollectionName = (typeof COLLECTION_NAMES)[number];

/**
 * Written by the recorder on nearly every request (a denied check's tally, an event, the
 * tenant's sequence counter), read by no cache: their writes leave Store.commitStamp alone, so a
 * stream of audited reads does not keep emptying the caches that stamp guards.
 */
export const UNSTAMPED_COLLECTIONS: readonly CollectionName[] = ['auditEvents', 'outbox', 'sequences'];
