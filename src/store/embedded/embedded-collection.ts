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
import type { Access } from './access.js';
import { runBulk } from './bulk-write.js';
import type { Connection } from './connection.js';
import { decodeDoc } from './doc-codec.js';
import { countDocs, findDocs, project } from './doc-reads.js';
import { deleteMatching, insertDoc, replaceFirst, updateAll, updateFirst } from './doc-writes.js';
import { fromSqliteError } from './sqlite-errors.js';
import type { Table } from './table.js';

/** The Collection interface over one SQLite table: async wrappers around synchronous steps. */
export class EmbeddedCollection<T extends BaseDoc> implements Collection<T> {
  readonly #table: Table;
  readonly #access: Access;

  constructor(table: Table, access: Access) {
    this.#table = table;
    this.#access = access;
  }

  get name(): CollectionName {
    return this.#table.name;
  }

  insertOne(doc: T): Promise<T> {
    return this.#write((conn) => insertDoc(conn, this.#table, doc));
  }

  async insertMany(docs: T[]): Promise<number> {
    const outcome = await this.#write((conn) =>
      runBulk(
        conn,
        this.#table,
        docs.map((document) => ({ insertOne: { document } })),
      ),
    );
    if (outcome.error) throw fromSqliteError(outcome.error, this.name);
    return outcome.result.insertedCount;
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'projection' | 'sort'> = {}): Promise<T | null> {
    const [doc] = await this.#read((conn) => findDocs<T>(conn, this.#table, filter, { ...options, limit: 1 }));
    return doc ?? null;
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.#read((conn) => findDocs<T>(conn, this.#table, filter, options));
  }

  countDocuments(filter: Filter): Promise<number> {
    return this.#read((conn) => countDocs(conn, this.#table, filter));
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    const { matchedCount, modifiedCount, upsertedId } = await this.#write((conn) =>
      updateFirst<T>(conn, this.#table, filter, update, options.upsert),
    );
    return upsertedId === undefined ? { matchedCount, modifiedCount } : { matchedCount, modifiedCount, upsertedId };
  }

  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.#write((conn) => updateAll(conn, this.#table, filter, update));
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    const outcome = await this.#write((conn) => updateFirst<T>(conn, this.#table, filter, update, options.upsert));
    const doc =
      options.returnDocument === 'before'
        ? outcome.beforeText === undefined
          ? undefined
          : decodeDoc<T>(outcome.beforeText)
        : outcome.after;
    return doc ? project([doc], options.projection)[0] : null;
  }

  replaceOne(filter: Filter, doc: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.#write((conn) => replaceFirst(conn, this.#table, filter, doc, options.upsert));
  }

  deleteOne(filter: Filter): Promise<number> {
    return this.#write((conn) => deleteMatching(conn, this.#table, filter, 1));
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.#write((conn) => deleteMatching(conn, this.#table, filter));
  }

  async bulkWrite(operations: BulkOperation<T>[]): Promise<BulkResult> {
    const outcome = await this.#write((conn) => runBulk(conn, this.#table, operations));
    if (outcome.error) throw fromSqliteError(outcome.error, this.name);
    return outcome.result;
  }

  #read<R>(work: (conn: Connection) => R): Promise<R> {
    return this.#access.read((conn) => this.#mapErrors(conn, work));
  }

  #write<R>(work: (conn: Connection) => R): Promise<R> {
    return this.#access.write((conn) => this.#mapErrors(conn, work));
  }

  #mapErrors<R>(conn: Connection, work: (conn: Connection) => R): R {
    try {
      return work(conn);
    } catch (error) {
      throw fromSqliteError(error, this.name);
    }
  }
}
