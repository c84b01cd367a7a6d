// Documents are stored as JSON text. JSON has no date type, so a Date is written as
// {"$date": "<ISO 8601>"} (MongoDB Extended JSON's relaxed form) and revived on read, which lets
// mingo compare real Dates and keeps the text sortable: same-format ISO strings order by time.

const DATE_KEY = '$date';
const DATE_MARKER = '{"$date":';

/** JSON.stringify calls Date#toJSON before a replacer sees the value, so look at the holder instead. */
function replaceDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { [DATE_KEY]: raw.toISOString() } : value;
}

const NOT_PLAIN = Symbol('not plain data');

/**
 * `value` with every Date boxed, copying only the objects and arrays on the way to a Date (so a
 * value without one is returned as it is); NOT_PLAIN for anything but plain objects, arrays,
 * Dates and primitives, which the replacer handles as before.
 */
function boxDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return { [DATE_KEY]: value.toISOString() };
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const boxed = boxDates(value[i]);
      if (boxed === NOT_PLAIN) return NOT_PLAIN;
      if (boxed !== value[i]) (copy ??= value.slice())[i] = boxed;
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  const record = value as Record<string, unknown>;
  if ((proto !== Object.prototype && proto !== null) || typeof record.toJSON === 'function') return NOT_PLAIN;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    const boxed = boxDates(record[key]);
    if (boxed === NOT_PLAIN) return NOT_PLAIN;
    if (boxed !== record[key]) (copy ??= { ...record })[key] = boxed;
  }
  return copy ?? record;
}

/**
 * A document, or any value (an $in list), encoded exactly as it is stored. Plain data is boxed
 * first and stringified without a replacer: a replacer is called back for every key and value,
 * which made encoding two to three times slower (member PATCHes encode hundreds of documents).
 */
export function encodeJson(value: unknown): string {
  const boxed = boxDates(value);
  return boxed === NOT_PLAIN ? JSON.stringify(value, replaceDates) : JSON.stringify(boxed);
}

/** The text SQLite's json_extract returns for a stored Date (the minified {"$date": …} object). */
export function encodeDateText(date: Date): string {
  return `${DATE_MARKER}"${date.toISOString()}"}`;
}

function isDateBox(value: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in value) if (++keys > 1 || key !== DATE_KEY) return false;
  return keys === 1 && typeof value[DATE_KEY] === 'string';
}

/**
 * Boxes left to revive in the document being decoded: every box's text starts with DATE_MARKER
 * (a string holding that text is escaped, `{\"$date\":`), so the walk stops after the last one
 * instead of visiting the rest of the document (an audit record's `expiresAt` before its details).
 * A non-box object that starts with "$date" is counted too; the walk then just goes to the end.
 */
let boxesLeft = 0;

/** Replaces {"$date": …} boxes with Dates in place; returns the (possibly replaced) value. */
function reviveDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && boxesLeft > 0; i++) value[i] = reviveDates(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (isDateBox(record)) {
    boxesLeft--;
    return new Date(record[DATE_KEY] as string);
  }
  for (const key in record) {
    if (boxesLeft === 0) break;
    record[key] = reviveDates(record[key]);
  }
  return record;
}

function countBoxes(text: string): number {
  let count = 0;
  for (let at = text.indexOf(DATE_MARKER); at !== -1; at = text.indexOf(DATE_MARKER, at + DATE_MARKER.length)) count++;
  return count;
}

export function decodeDoc<T>(text: string): T {
  const parsed: unknown = JSON.parse(text);
  // Most reads skip the walk: only documents that hold a Date pay for reviving.
  boxesLeft = countBoxes(text);
  return (boxesLeft > 0 ? reviveDates(parsed) : parsed) as T;
}
