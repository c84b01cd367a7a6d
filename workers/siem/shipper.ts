// The contract between the delivery loop and one SIEM target. The loop owns cursors, batching,
// pausing and retries; a shipper only turns a batch into the target's wire format, sends it, and
// says precisely what happened so the loop can advance, retry, or suspend the stream.
import type { ShippableAudit } from './siem-record.js';

/** Per-record outcome of one `ship` call; every id of the batch is in exactly one list. */
export interface ShipResult {
  delivered: string[];
  failed: { id: string; reason: string; retryable: boolean }[];
}

export interface Shipper {
  /** The registry kind that created it (`splunk_hec`, `elastic_bulk`, `http_json`, `syslog`). */
  readonly kind: string;
  /**
   * Sends one batch. Resolves with per-record results when the target answered per record (or
   * accepted the whole batch); rejects with a ShipError when the whole batch failed.
   */
  ship(batch: ShippableAudit[]): Promise<ShipResult>;
  /**
   * Bytes one record takes on the wire, for the batch's byte bound. A shipper that implements it
   * keeps the encoding for `ship` (encoded once per record, see encoded-cache.ts); without it the
   * loop measures the record's JSON.
   */
  sizeOf?(record: ShippableAudit): number;
  /** Checks reachability and credentials without shipping a record; rejects with a ShipError. */
  test(): Promise<void>;
  /** Releases connections; the shipper is unusable afterwards. */
  close(): Promise<void>;
}

export interface ShipErrorOptions {
  retryable: boolean;
  /** The target rejected the credentials (HTTP 401/403, TLS client-cert refusal): suspend the stream. */
  auth?: boolean;
  /** How long the target asked us to wait (HTTP Retry-After), in ms. */
  retryAfterMs?: number;
  /** HTTP status, when there was one. */
  status?: number;
  cause?: unknown;
}

/** A whole-batch failure. Its message names the target's reason and never contains a secret. */
export class ShipError extends Error {
  readonly retryable: boolean;
  readonly auth: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(message: string, options: ShipErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ShipError';
    this.retryable = options.auth ? false : options.retryable;
    this.auth = options.auth ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isShipError(err: unknown): err is ShipError {
  return err instanceof ShipError;
}

/** Every id of the batch delivered. */
export function allDelivered(batch: ShippableAudit[]): ShipResult {
  return { delivered: batch.map((r) => r._id), failed: [] };
}

/** Every id of the batch failed with one reason (a per-batch permanent rejection). */
export function allFailed(batch: ShippableAudit[], reason: string, retryable: boolean): ShipResult {
  return { delivered: [], failed: batch.map((r) => ({ id: r._id, reason, retryable })) };
}
