import type { OutboxDoc } from '../audit/index.js';

/** Queue names: the one contract between src/ and workers/. */
export const QUEUE_NAMES = {
  /** Every committed domain event, relayed from the outbox in order. */
  events: 'roster-events',
  /** One job per (connector, user or group): apply the desired state downstream (workers/sync). */
  sync: 'roster-sync',
} as const;

/** Payload of a job on the events queue: the outbox event; the job id is the event id (the dedupe key). */
export type EventJob = Pick<OutboxDoc, 'tenantId' | 'type' | 'subject' | 'payload' | 'createdAt' | 'seq'> & {
  eventId: string;
};

/**
 * Payload of a sync job. It names the object, never its state: the job reads the desired state
 * from the store when it runs, so a job that waited can never apply a stale one.
 */
export interface SyncJob {
  tenantId: string;
  connectorId: string;
  kind: 'user' | 'group';
  objectId: string;
  /** live: an IdP change; full: `roster sync full`; approved: a deprovision the deletion guard released. */
  mode: 'live' | 'full' | 'approved';
  /** Full sync run, for its progress and summary. */
  runId?: string;
  /** When the change that caused the job was committed (ms), for lag figures. */
  changedAt?: number;
}
