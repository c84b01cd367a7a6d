import type { z } from 'zod';
import type { SealedSecret } from '../credentials/index.js';
import type { BaseDoc } from '../store/index.js';

export type SiemStreamState = 'active' | 'paused' | 'suspended';

/** Size and time bounds of one shipped batch. */
export interface BatchSettings {
  /** At most this many records per request. */
  maxEvents: number;
  /** At most about this many bytes of records (as JSON) per request. */
  maxBytes: number;
  /** A partial batch waits at most this long for more records before it is shipped. */
  maxWaitMs: number;
}

export interface StreamCounters {
  /** Records the SIEM accepted (a record re-shipped by a replay counts again). */
  shipped: number;
  /** Records the SIEM refused permanently and the stream skipped. */
  failed: number;
  lastDeliveredAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  /** Failed attempts since the last delivery; with `failingSince` it decides suspension. */
  consecutiveFailures: number;
  failingSince?: string;
}

/**
 * One SIEM stream of a tenant. The cursor is the per-tenant commit sequence of the last audit
 * record the stream is done with (delivered, filtered out, or skipped): src/audit/recorder.ts.
 */
export interface SiemStreamDoc extends BaseDoc {
  tenantId: string;
  name: string;
  kind: string;
  /** The target settings without the secret fields (target-secrets.ts). */
  config: Record<string, unknown>;
  /** The secret fields, sealed with the secret box; AAD `siem_stream:<tenantId>:<id>`. */
  secrets?: SealedSecret;
  /** Names of the secret fields that are set (to show "[set]" without opening the box). */
  secretFields: string[];
  /** Categories shipped; empty: every category. */
  categories: string[];
  batch: BatchSettings;
  state: SiemStreamState;
  stateReason?: string;
  stateSince: string;
  cursor: number;
  /** Bumped by every cursor move an admin makes (replay), so a worker's in-flight advance cannot undo it. */
  cursorEpoch: number;
  counters: StreamCounters;
  /** Bumped by every settings change, so a worker rebuilds its shipper. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One SIEM kind as the domain needs it: how to validate its config, which fields are secrets. */
export interface SiemKindDefinition {
  configSchema: z.ZodType;
  secretFields: readonly string[];
}

/**
 * The SIEM kinds, handed in by the composition root from workers/siem (src/ never imports the
 * shipper layer itself): validation, the category names, and a connection check.
 */
export interface SiemKindCatalogue {
  kinds: readonly string[];
  categories: readonly string[];
  definition(kind: string): SiemKindDefinition | undefined;
  /** Checks reachability and credentials without shipping a record; rejects with the reason. */
  probe(kind: string, config: Record<string, unknown>): Promise<void>;
}
