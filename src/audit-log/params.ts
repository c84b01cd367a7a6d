import { EVENT_NAMES, type EventName, isEventName } from '../audit/index.js';
import { RosterError } from '../errors/index.js';

// Query-string parameters of the audit and events APIs: each problem names its parameter, so a
// client sees which one to fix (RFC 9457 §3: extension members).

export type RawParams = Record<string, unknown>;

export function invalidParameter(parameter: string, message: string): RosterError {
  return new RosterError('invalid_input', `${parameter}: ${message}`, {
    details: { parameter, issues: [{ path: parameter, message }] },
  });
}

/** Refuses parameters the endpoint does not know (a typo such as `acter=` must not silently widen the result). */
export function assertKnownParameters(raw: RawParams, known: readonly string[]): void {
  for (const name of Object.keys(raw)) {
    if (!known.includes(name)) invalidParameterThrow(name, `unknown parameter; expected one of ${known.join(', ')}`);
  }
}

function invalidParameterThrow(parameter: string, message: string): never {
  throw invalidParameter(parameter, message);
}

/** A single non-empty string, or undefined when absent. */
export function stringParam(raw: RawParams, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalidParameterThrow(name, 'must be given once, as a plain value');
  if (value === '') invalidParameterThrow(name, 'must not be empty');
  return value;
}

export function intParam(raw: RawParams, name: string, min: number, max: number): number | undefined {
  const value = stringParam(raw, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    invalidParameterThrow(name, `must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

export function enumParam<T extends string>(raw: RawParams, name: string, values: readonly T[]): T | undefined {
  const value = stringParam(raw, name);
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) invalidParameterThrow(name, `must be one of ${values.join(', ')}`);
  return value as T;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An RFC 3339 date-time (or a date, meaning its midnight UTC), normalized to the stored form. */
export function timeParam(raw: RawParams, name: string): string | undefined {
  const value = stringParam(raw, name);
  if (value === undefined) return undefined;
  const ms = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) invalidParameterThrow(name, 'must be an RFC 3339 date-time such as 2026-03-01T00:00:00Z');
  return new Date(ms).toISOString();
}

/**
 * A comma-separated list of catalogue names; `noun.*` stands for every name of that noun (so
 * `group.*` is group.created, group.member_added …). Undefined when absent.
 */
export function eventNamesParam(raw: RawParams, name: string): EventName[] | undefined {
  const value = stringParam(raw, name);
  if (value === undefined) return undefined;
  const names = new Set<EventName>();
  for (const item of value.split(',').map((s) => s.trim())) {
    const matches = item.endsWith('.*')
      ? EVENT_NAMES.filter((n) => n.startsWith(item.slice(0, -1)))
      : isEventName(item)
        ? [item]
        : [];
    if (matches.length === 0) invalidParameterThrow(name, `"${item}" is not an event name (see docs/audit-events.md)`);
    for (const match of matches) names.add(match);
  }
  return [...names];
}

/** [from, to): `from` inclusive, `to` exclusive, refused when they are the wrong way round. */
export function timeRange(raw: RawParams): { from?: string; to?: string } {
  const from = timeParam(raw, 'from');
  const to = timeParam(raw, 'to');
  if (from !== undefined && to !== undefined && from >= to) invalidParameterThrow('to', 'must be later than from');
  return { from, to };
}

export function timeFilter(range: { from?: string; to?: string }): Record<string, string> | undefined {
  if (range.from === undefined && range.to === undefined) return undefined;
  return { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lt: range.to } : {}) };
}
