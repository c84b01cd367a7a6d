import type {
  AnyBulkWriteOperation,
  ClientSession,
  Collection as DriverCollection,
  UpdateResult as DriverUpdateResult,
} from 'mongodb';
import type {
  BaseDoc,
  BulkOperation,
  BulkResult,
  Collection,
  CollectionName,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  Update,
  UpdateOptions,
  UpdateResult,
} from '../types.js';
import { fromMongoError, isDuplicateKey } from './mongo-errors.js';
import { withStringIdOnInsert } from './upsert-id.js';

function toUpdateResult(result: DriverUpdateResult): UpdateResult {
  const { matchedCount, modifiedCount, upsertedId } = result;
  return upsertedId == null
    ? { matchedCount, modifiedCount }
    : { matchedCount, modifiedCount, upsertedId: String(upsertedId) };
}

function toDriverOperation<T extends BaseDoc>(op: BulkOperation<T>): AnyBulkWriteOperation<BaseDoc> {
  if (!('updateOne' in op)) return op as AnyBulkWriteOperation<BaseDoc>;
  const { filter, update, upsert } = op.updateOne;
  return { updateOne: { filter, update: withStringIdOnInsert(filter, update, upsert), upsert } };
}

/** The Collection interface over the official driver; bound to a session inside a transaction. */
export class MongoCollection<T extends BaseDoc> implements Collection<T> {
  readonly name: CollectionName;
  readonly #driver: DriverCollection<BaseDoc>;
  readonly #session?: ClientSession;

  constructor(name: CollectionName, driver: DriverCollection<BaseDoc>, session?: ClientSession) {
    this.name = name;
    this.#driver = driver;
    this.#session = session;
  }

  async insertOne(doc: T): Promise<T> {
    await this.#guard(() => this.#driver.insertOne(doc, this.#options()));
    return doc;
  }

  async insertMany(docs: T[]): Promise<number> {
    if (docs.length === 0) return 0; // the driver rejects an empty batch
    const result = await this.#guard(() => this.#driver.insertMany(docs, this.#options({ ordered: true })));
    return result.insertedCount;
  }

  findOne(filter: Filter, options: Pick<FindOptions, 'projection' | 'sort'> = {}): Promise<T | null> {
    return this.#guard(() => this.#driver.findOne(filter, this.#options(options)) as Promise<T | null>);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.#guard(
      () => this.#driver.find(filter, this.#options(options)).toArray() as Promise<unknown> as Promise<T[]>,
    );
  }

  countDocuments(filter: Filter): Promise<number> {
    return this.#guard(() => this.#driver.countDocuments(filter, this.#options()));
  }

  updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.#upsertSafely(options.upsert, async () => {
      const upsert = options.upsert ?? false;
      const change = withStringIdOnInsert(filter, update, upsert);
      return toUpdateResult(await this.#driver.updateOne(filter, change, this.#options({ upsert })));
    });
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return toUpdateResult(await this.#guard(() => this.#driver.updateMany(filter, update, this.#options())));
  }

  findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    const { returnDocument = 'after', upsert = false, projection } = options;
    const change = withStringIdOnInsert(filter, update, upsert);
    return this.#upsertSafely(
      upsert,
      () =>
        this.#driver.findOneAndUpdate(
          filter,
          change,
          this.#options({ returnDocument, upsert, projection, includeResultMetadata: false }),
        ) as Promise<T | null>,
    );
  }

  replaceOne(filter: Filter, doc: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    const upsert = options.upsert ?? false;
    return this.#upsertSafely(upsert, async () =>
      toUpdateResult(await this.#driver.replaceOne(filter, doc, this.#options({ upsert }))),
    );
  }

  async deleteOne(filter: Filter): Promise<number> {
    return (await this.#guard(() => this.#driver.deleteOne(filter, this.#options()))).deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.#guard(() => this.#driver.deleteMany(filter, this.#options()))).deletedCount;
  }

  async bulkWrite(operations: BulkOperation<T>[]): Promise<BulkResult> {
    if (operations.length === 0)
      return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 };
    const result = await this.#guard(() =>
      this.#driver.bulkWrite(operations.map(toDriverOperation), this.#options({ ordered: true })),
    );
    const { insertedCount, matchedCount, modifiedCount, deletedCount, upsertedCount } = result;
    return { insertedCount, matchedCount, modifiedCount, deletedCount, upsertedCount };
  }

  #options<O extends object>(options?: O): O & { session?: ClientSession } {
    return (this.#session ? { ...options, session: this.#session } : { ...options }) as O & { session?: ClientSession };
  }

  async #guard<R>(work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      throw fromMongoError(error, this.name, this.#session !== undefined);
    }
  }

  /**
   * Two concurrent upserts of one key can both miss and both insert; the unique index rejects the
   * second, and trying it again finds the first one's document and updates it (MongoDB manual,
   * "Upsert with Duplicate Values"). Inside a transaction the duplicate aborts it, so no retry.
   */
  async #upsertSafely<R>(upsert: boolean | undefined, work: () => Promise<R>): Promise<R> {
    try {
      return await this.#guard(work);
    } catch (error) {
      const retry = upsert && !this.#session && isDuplicateKey((error as { cause?: unknown }).cause);
      if (!retry) throw error;
      return this.#guard(work);
    }
  }
}
