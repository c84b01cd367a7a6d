import { randomUUID } from 'node:crypto';
import { update as mingoUpdate } from 'mingo';
import { invalidOperation } from '../store-errors.js';
import type { BaseDoc, Filter, Update } from '../types.js';
import { tryFastUpdate } from './fast-update.js';
import { isOperatorObject } from './filter-shape.js';

// MongoDB update semantics through mingo's updater; $setOnInsert and upsert seeding are
// MongoDB's own rules that mingo does not implement, so they live here.

type Modifier = Parameters<typeof mingoUpdate>[1];

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$addToSet',
  '$push',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
  '$setOnInsert',
]);

function assertOperators(update: Update): void {
  const keys = Object.keys(update);
  if (keys.length === 0) throw invalidOperation('an update needs at least one operator');
  const unknown = keys.find((k) => !OPERATORS.has(k));
  if (unknown) throw invalidOperation(`unsupported update operator ${unknown}`);
}

/** The positional operator (`tags.$`) needs the filter to know which element matched. */
function usesPositional(modifier: Record<string, Record<string, unknown>>): boolean {
  return Object.values(modifier).some((fields) => Object.keys(fields).some((path) => path.includes('.$')));
}

function mutate(doc: BaseDoc, modifier: Record<string, Record<string, unknown>>, filter?: Filter): void {
  if (Object.keys(modifier).length === 0) return;
  if (tryFastUpdate(doc, modifier)) return;
  const condition = filter && usesPositional(modifier) ? filter : undefined;
  try {
    // 'deep' so the stored document never aliases objects the caller still holds.
    mingoUpdate(doc, modifier as Modifier, undefined, condition, { cloneMode: 'deep' });
  } catch (error) {
    // mingo rejects what MongoDB rejects (an _id change, $inc on a string): the caller's mistake.
    throw invalidOperation(error instanceof Error ? error.message : String(error), error);
  }
}

/** Applies `update` to a matched document in place ($setOnInsert does nothing on a match). */
export function applyUpdate(doc: BaseDoc, update: Update, filter: Filter): void {
  assertOperators(update);
  const { $setOnInsert: _ignored, ...modifier } = update;
  const id = doc._id;
  mutate(doc, modifier, filter);
  if (doc._id !== id) throw invalidOperation('_id is immutable');
}

/**
 * The fields an upsert copies from the filter: top-level equalities, `{f: {$eq: v}}` and the
 * members of `$and`; operators such as $gt or $regex copy nothing (MongoDB manual, update with
 * `upsert: true`, "Upsert Behavior").
 */
export function equalitySeed(filter: Filter, seed: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) equalitySeed(part as Filter, seed);
    } else if (key.startsWith('$') || condition instanceof RegExp) {
    } else if (isOperatorObject(condition)) {
      if ('$eq' in condition) seed[key] = condition.$eq;
    } else {
      seed[key] = condition;
    }
  }
  return seed;
}

/** The document an upsert inserts: filter equalities, then $setOnInsert, then the update. */
export function buildUpsertDoc(filter: Filter, update: Update): BaseDoc {
  assertOperators(update);
  const { $setOnInsert = {}, ...modifier } = update;
  // mingo (like MongoDB's $set) refuses to touch _id, so the new document's _id is placed directly.
  const { _id: seededId, ...seed } = equalitySeed(filter);
  const { _id: insertId, ...onInsert } = $setOnInsert;
  const doc = { _id: insertId ?? seededId ?? randomUUID() } as BaseDoc;
  if (Object.keys(seed).length > 0) mutate(doc, { $set: seed });
  if (Object.keys(onInsert).length > 0) mutate(doc, { $set: onInsert });
  mutate(doc, modifier);
  return doc;
}
