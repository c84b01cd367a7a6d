import type { BaseDoc } from '../store/index.js';
import type { EventName } from './catalogue.js';

export type ActorType = 'user' | 'scim_token' | 'api_key' | 'operator' | 'cli' | 'system' | 'anonymous';
export type Outcome = 'success' | 'failure' | 'denied';

export interface Actor {
  type: ActorType;
  id: string;
}

/** A domain event: what changed, for the sync workers and other consumers (via the outbox relay). */
export interface DomainEventInput {
  type: EventName;
  /** The id of the thing that changed (a user id, a group id, a tenant slug …). */
  subject: string;
  payload?: Record<string, unknown>;
}

/** An audit record: who did what to what, and how it ended, for the security team's SIEM. */
export interface AuditInput {
  action: EventName;
  actor: Actor;
  target?: { type: string; id: string };
  outcome: Outcome;
  reason?: string;
  sourceIp?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

export interface OutboxDoc extends BaseDoc {
  tenantId: string;
  type: EventName;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: string;
  /** Per-tenant commit sequence (1, 2, 3 …, shared with the tenant's audit records; src/audit/recorder.ts). */
  seq: number;
  relayed: boolean;
  /** TTL: the events API replays an event for 30 days (src/audit/recorder.ts EVENT_RETENTION_DAYS). */
  expiresAt: Date;
}

export interface AuditEventDoc extends BaseDoc, AuditInput {
  tenantId: string;
  time: string;
  /** actor.id copied to the top level so the (tenantId, actorId) index can serve access reports. */
  actorId: string;
  /** Per-tenant commit sequence, shared with the tenant's outbox events: the SIEM streams' cursor. */
  seq: number;
  /** TTL: the store removes the record after this time (retention, design 001: 90 days). */
  expiresAt: Date;
  /**
   * Records of Recorder.recordRepeated: how many times it happened in the window, when last, and the window's
   * start.
   */
  count?: number;
  lastTime?: string;
  window?: string;
}
