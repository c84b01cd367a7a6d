import { randomUUID } from 'node:crypto';
import type { Filter, Update } from '../types.js';

/**
 * MongoDB gives an upserted document an ObjectId unless the filter names an _id; Roster's ids
 * are strings (BaseDoc), so an upsert without one gets a UUID through $setOnInsert, like the
 * embedded engine does.
 */
export function withStringIdOnInsert(filter: Filter, update: Update, upsert: boolean | undefined): Update {
  if (!upsert || '_id' in filter) return update;
  if (update.$setOnInsert?._id !== undefined || update.$set?._id !== undefined) return update;
  return { ...update, $setOnInsert: { ...update.$setOnInsert, _id: randomUUID() } };
}
