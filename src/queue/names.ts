import type { EventName } from '../audit/index.js';

/** Queue names: the one contract between src/ and workers/. */
export const QUEUE_NAMES = {
  /** Every committed domain event, relayed from the outbox in order. */
  events: 'roster-events',
} as const;

/** Payload of a job on the events queue; the job id is the event id (the dedupe key). */
export interface EventJob {
  eventId: string;
  tenantId: string;
  type: EventName;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: string;
  seq: number;
}
