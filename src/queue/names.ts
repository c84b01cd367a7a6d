import type { OutboxDoc } from '../audit/index.js';

/** Queue names: the one contract between src/ and workers/. */
export const QUEUE_NAMES = {
  /** Every committed domain event, relayed from the outbox in order. */
  events: 'roster-events',
} as const;

/** Payload of a job on the events queue: the outbox event; the job id is the event id (the dedupe key). */
export type EventJob = Pick<OutboxDoc, 'tenantId' | 'type' | 'subject' | 'payload' | 'createdAt' | 'seq'> & {
  eventId: string;
};
