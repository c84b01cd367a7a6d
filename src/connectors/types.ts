import type { SealedSecret } from '../credentials/index.js';
import type { BaseDoc } from '../store/index.js';

// Shapes of a tenant's downstream connectors and of the engine's per-object sync state. The ops
// console reads both, so every field worth watching (state, lastError, counts, last full sync)
// is a plain top-level field a query can filter on.

/** Which users and groups a connector gets (Entra's "sync all" / "sync assigned users and groups only"). */
export type ConnectorScope = { type: 'all' } | { type: 'groups'; groupIds: string[] };

/** What a user that leaves scope, or is deactivated or deleted at the IdP, becomes downstream. */
export type DeprovisionMode = 'deactivate' | 'delete';

export type ConnectorStatus = 'active' | 'paused' | 'quarantined';

export interface ConnectorState {
  status: ConnectorStatus;
  reason?: string;
  since?: string;
  /** Consecutive failed jobs (or failed probes while quarantined). */
  failures: number;
  /** Quarantined: when the worker next probes the target. */
  nextAttemptAt?: string;
}

/** Accidental-deletion guard: a run that would deprovision more than this waits for approval. */
export interface DeleteGuard {
  maxCount: number;
  /** Percent of the connector's provisioned users. */
  maxPercent: number;
  /** Below this many, the percentage does not apply (3 of 10 users is not a mass deletion). */
  minCount: number;
}

export interface HeldDeletions {
  userIds: string[];
  since: string;
  reason: string;
}

export interface FullSyncSummary {
  runId: string;
  startedAt: string;
  finishedAt?: string;
  total: number;
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: number;
  held: number;
}

export interface ConnectorDoc extends BaseDoc {
  tenantId: string;
  name: string;
  kind: string;
  /** The configuration without its secret fields. */
  config: Record<string, unknown>;
  /** The secret fields (splitSecrets), AES-256-GCM sealed with AAD `connector:<tenantId>:<id>`. */
  secrets: SealedSecret;
  scope: ConnectorScope;
  deprovision: DeprovisionMode;
  state: ConnectorState;
  deleteGuard: DeleteGuard;
  heldDeletions?: HeldDeletions;
  lastFullSync?: FullSyncSummary;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type SyncObjectKind = 'user' | 'group';

/** The engine's last known remote state of one object on one connector. */
export interface SyncStateDoc extends BaseDoc {
  tenantId: string;
  connectorId: string;
  kind: SyncObjectKind;
  objectId: string;
  remoteId?: string;
  remoteState?: string;
  /** Hash of the fields last applied; equal hash → nothing to send. */
  appliedHash?: string;
  /** Users: the fields last applied (deprovisioning a deleted user still needs its userName). */
  applied?: Record<string, unknown>;
  /** Groups: userId → remote user id of every member applied downstream. */
  members?: Record<string, string>;
  /** 'provisioned' | 'deprovisioned' (deactivated remotely) | 'failed'. */
  status: 'provisioned' | 'deprovisioned' | 'failed' | 'held';
  lastError?: { class: string; message: string; at: string; status?: number };
  attempts: number;
  updatedAt: string;
}

/** What the domain needs to know about a connector kind; workers/sync/connectors provides it. */
export interface ConnectorKindInfo {
  configSchema: { safeParse(value: unknown): { success: boolean; error?: { issues: ZodLikeIssue[] } } };
  secretFields: readonly string[];
}
export interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}
export interface ConnectorCatalogue {
  kind(name: string): ConnectorKindInfo | undefined;
  kinds(): string[];
}

export const DEFAULT_DELETE_GUARD: DeleteGuard = Object.freeze({ maxCount: 500, maxPercent: 20, minCount: 10 });
