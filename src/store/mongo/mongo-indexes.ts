import type { CreateIndexesOptions, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { sparseField } from '../index-rules.js';
import type { IndexSpec } from '../indexes.js';
import type { StoreLogger } from '../store-logger.js';
import { COLLECTION_NAMES, type CollectionName } from '../types.js';

const INDEX_OPTIONS_CONFLICT = 85;
const INDEX_KEY_SPECS_CONFLICT = 86;
const NAMESPACE_EXISTS = 48;

function indexOptions(spec: IndexSpec): CreateIndexesOptions {
  const options: CreateIndexesOptions = { name: spec.name, unique: spec.unique ?? false };
  // A partial index rather than `sparse: true`: a sparse compound index still holds every document
  // that has tenantId, while IndexSpec.sparse promises to leave out those lacking the field.
  const sparse = sparseField(spec);
  if (sparse) options.partialFilterExpression = { [sparse]: { $exists: true } };
  if (spec.expireAfterSeconds !== undefined) options.expireAfterSeconds = spec.expireAfterSeconds;
  return options;
}

async function ensureCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  // Transactions cannot always create collections implicitly (MongoDB < 4.4), so create them up front.
  for (const name of COLLECTION_NAMES) {
    if (existing.has(name)) continue;
    try {
      await db.createCollection(name);
    } catch (error) {
      // Another process migrating at the same moment created it first.
      if (!(error instanceof MongoServerError && Number(error.code) === NAMESPACE_EXISTS)) throw error;
    }
  }
}

async function ensureIndex(db: Db, collection: CollectionName, spec: IndexSpec, logger?: StoreLogger): Promise<void> {
  const target = db.collection(collection);
  try {
    await target.createIndex(spec.keys, indexOptions(spec));
  } catch (error) {
    const code = error instanceof MongoServerError ? Number(error.code) : undefined;
    if (code !== INDEX_OPTIONS_CONFLICT && code !== INDEX_KEY_SPECS_CONFLICT) throw error;
    logger?.warn({ collection, index: spec.name }, 'index definition changed; rebuilding it');
    await target.dropIndex(spec.name);
    await target.createIndex(spec.keys, indexOptions(spec));
  }
}

/** Creates every declared collection and index; idempotent. */
export async function createDeclaredIndexes(
  db: Db,
  indexes: Readonly<Record<CollectionName, readonly IndexSpec[]>>,
  logger?: StoreLogger,
): Promise<void> {
  await ensureCollections(db);
  for (const collection of COLLECTION_NAMES) {
    for (const spec of indexes[collection] ?? []) await ensureIndex(db, collection, spec, logger);
  }
}
