import type { EventName, OutboxDoc } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { Filter } from '../store/index.js';
import { assertKnownParameters, eventNamesParam, intParam, type RawParams } from './params.js';

// The events API: a tenant's domain events (the outbox) in commit order, for an application that
// missed webhooks to catch up. The cursor is the last `seq` returned: the recorder allocates seq
// inside the writing transaction (src/audit/recorder.ts), so every event that commits later has a
// higher seq and "seq > cursor" can never skip one that committed late.

export interface EventsQuery {
  /** Exclusive; 0 starts at the oldest event still kept (30 days). */
  after: number;
  types?: EventName[];
  limit: number;
}

export interface EventView {
  id: string;
  seq: number;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface EventsPage {
  data: EventView[];
  /** Pass as `after` next time; equals the request's `after` when nothing new committed. */
  cursor: string;
  hasMore: boolean;
}

export function parseEventsQuery(raw: RawParams): EventsQuery {
  assertKnownParameters(raw, ['after', 'types', 'limit']);
  return {
    after: intParam(raw, 'after', 0, Number.MAX_SAFE_INTEGER) ?? 0,
    types: eventNamesParam(raw, 'types'),
    limit: intParam(raw, 'limit', 1, 1000) ?? 100,
  };
}

function toEventView(doc: OutboxDoc): EventView {
  return {
    id: doc._id,
    seq: doc.seq,
    type: doc.type,
    subject: doc.subject,
    payload: doc.payload,
    createdAt: doc.createdAt,
  };
}

export async function listEvents(deps: DomainDeps, tenantId: string, query: EventsQuery): Promise<EventsPage> {
  const filter: Filter = { tenantId, seq: { $gt: query.after } };
  if (query.types) filter.type = query.types.length === 1 ? query.types[0] : { $in: query.types };
  const docs = await deps.store
    .collection<OutboxDoc>('outbox')
    .find(filter, { sort: { seq: 1 }, limit: query.limit + 1 });
  const page = docs.slice(0, query.limit);
  return {
    data: page.map(toEventView),
    cursor: String(page.at(-1)?.seq ?? query.after),
    hasMore: docs.length > query.limit,
  };
}
