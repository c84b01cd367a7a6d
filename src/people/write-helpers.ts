import type { Actor } from '../audit/index.js';
import { RosterError } from '../errors/index.js';
import type { Collection, Filter, FindOptions, SortSpec } from '../store/index.js';
import type { Source } from './types.js';

// Small pieces the user, group and membership services share.

/** Who writes, from where, and (optionally) which version they believe they are changing. */
export interface WriteContext {
  actor: Actor;
  source: Source;
  /** Optimistic concurrency: the write fails with precondition_failed unless the stored version is one of these. */
  ifMatch?: readonly number[];
}

export interface PageOptions {
  sort?: SortSpec;
  skip?: number;
  /** 0 asks only for the total (RFC 7644 §3.4.2.4: count=0 returns totalResults alone). */
  limit: number;
  projection?: FindOptions['projection'];
}

export interface Page<T> {
  docs: T[];
  total: number;
}

/** One page and the total; the count query is skipped when the page itself proves the total. */
export async function findPage<T extends { _id: string }>(
  collection: Collection<T & { _id: string }>,
  filter: Filter,
  options: PageOptions,
): Promise<Page<T>> {
  const skip = options.skip ?? 0;
  const docs = options.limit > 0 ? await collection.find(filter, { ...options, skip, limit: options.limit }) : [];
  const complete = docs.length < options.limit && (docs.length > 0 || skip === 0);
  const total = complete ? skip + docs.length : await collection.countDocuments(filter);
  return { docs, total };
}

export function assertVersion(
  kind: string,
  current: { _id: string; version: number },
  ifMatch: readonly number[] | undefined,
): void {
  if (ifMatch !== undefined && !ifMatch.includes(current.version)) {
    throw new RosterError(
      'precondition_failed',
      ifMatch.length
        ? `${kind} ${current._id} is at version ${current.version}, not ${ifMatch.join(' or ')}`
        : `${kind} ${current._id} exists (version ${current.version}), ` +
            "which the request's precondition excludes (If-Match / If-None-Match)",
      {
        details: { version: current.version },
      },
    );
  }
}

/** The store's unique-index error, told in the domain's words (RFC 7643 §2.3.1 "uniqueness"). */
export async function uniqueAs<R>(message: string, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RosterError && err.code === 'store_unique_violation')
      throw new RosterError('conflict', message, { cause: err });
    throw err;
  }
}

export function notFound(kind: string, id: string): RosterError {
  return new RosterError('not_found', `${kind} ${id} not found`);
}

/** Keys whose values differ (by JSON value) between two attribute objects. */
export function changedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  keys: readonly string[],
): string[] {
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
