import type { EventName, Outcome } from '../audit/index.js';
import type { Filter } from '../store/index.js';
import { afterSeq, decodeCursor, ORDERS, type Order } from './cursor.js';
import {
  assertKnownParameters,
  enumParam,
  eventNamesParam,
  intParam,
  invalidParameter,
  type RawParams,
  stringParam,
  timeFilter,
  timeRange,
} from './params.js';

// The filters of GET /v1/audit, `roster audit list|export` and the export: validated once, then
// turned into a store filter that one (tenantId, <field>, seq) index serves (src/store/indexes.ts).

export const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'denied'];
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

export interface AuditQuery {
  /** The actor's id (a user, token or key id, or the CLI operator's name). */
  actor?: string;
  actions?: EventName[];
  /** The target's id (a user id, group id, permission …). */
  target?: string;
  outcome?: Outcome;
  /** Inclusive, RFC 3339. */
  from?: string;
  /** Exclusive, RFC 3339. */
  to?: string;
  order: Order;
  limit: number;
  /** Continue after this seq (from a cursor). */
  afterSeq?: number;
}

export const AUDIT_QUERY_PARAMETERS = [
  'actor',
  'action',
  'target',
  'outcome',
  'from',
  'to',
  'cursor',
  'limit',
  'order',
] as const;

export function parseAuditQuery(raw: RawParams, extra: readonly string[] = []): AuditQuery {
  assertKnownParameters(raw, [...AUDIT_QUERY_PARAMETERS, ...extra]);
  const cursor = stringParam(raw, 'cursor');
  const decoded = cursor === undefined ? undefined : decodeCursor(cursor);
  const order = enumParam(raw, 'order', ORDERS) ?? decoded?.order ?? 'desc';
  if (decoded && decoded.order !== order) throw invalidParameter('cursor', `was made for order=${decoded.order}`);
  return {
    actor: stringParam(raw, 'actor'),
    actions: eventNamesParam(raw, 'action'),
    target: stringParam(raw, 'target'),
    outcome: enumParam(raw, 'outcome', OUTCOMES),
    ...timeRange(raw),
    order,
    limit: intParam(raw, 'limit', 1, MAX_PAGE) ?? DEFAULT_PAGE,
    afterSeq: decoded?.seq,
  };
}

function oneOrIn<T>(values: T[]): T | { $in: T[] } {
  return values.length === 1 ? values[0] : { $in: values };
}

/**
 * The store filter of a query; `afterSeq` overrides the query's own (the export pages with it).
 * Only the most selective condition is a top-level field (target, then actor, then action), so
 * the store walks that one (tenantId, <field>, seq) index in seq order and checks the others on
 * the rows it meets, inside `$and`. Left to itself, SQLite (without statistics) may walk a weaker
 * index, or read a whole time range and sort it, where one bounded walk answers a page.
 */
export function auditFilter(tenantId: string, query: AuditQuery, afterSeqValue = query.afterSeq): Filter {
  const conditions: Filter[] = [];
  if (query.target !== undefined) conditions.push({ 'target.id': query.target });
  if (query.actor !== undefined) conditions.push({ actorId: query.actor });
  if (query.actions !== undefined) conditions.push({ action: oneOrIn(query.actions) });
  if (query.outcome !== undefined) conditions.push({ outcome: query.outcome });
  const [lead, ...rest] = conditions;
  // A time range never leads: walking tenant_time would read the whole range and sort it by seq.
  const time = timeFilter(query);
  if (time) rest.push({ time });
  const filter: Filter = { tenantId, ...lead };
  if (afterSeqValue !== undefined) filter.seq = afterSeq(afterSeqValue, query.order);
  if (rest.length) filter.$and = rest;
  return filter;
}
