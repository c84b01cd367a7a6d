// The contract between the delivery loop and one SIEM target. The loop owns cursors, batching,
// pausing and retries; a shipper only turns records into the target's wire format, sends a batch,
// and says precisely what happened so the loop can advance, retry, or suspend the stream.
import type { ShippableAudit } from './siem-record.js';

/** Per-record outcome of one `send` call; every id of the batch is in exactly one list. */
export interface ShipResult {
  delivered: string[];
  failed: { id: string; reason: string; retryable: boolean }[];
}

/**
 * One record as the delivery loop holds it after reading: its id and its bytes on the wire. The
 * loop keeps this instead of the decoded record, so a batch waiting for its answer (and the next
 * one read meanwhile) is a thousand small buffers, not a thousand object graphs that outlive a
 * few young-generation collections and get promoted: that promotion was a quarter of the
 * shipper's CPU in `node --cpu-prof` of bench/siem.ts and what grew a backlog drain's heap.
 */
export interface EncodedRecord {
  readonly id: string;
  readonly bytes: Buffer;
}

export interface Shipper {
  /** The registry kind that created it (`splunk_hec`, `elastic_bulk`, `http_json`, `syslog`). */
  readonly kind: string;
  /**
   * One record's wire form (text, or bytes when the framing counts bytes), computed once per
   * record: the loop writes it as UTF-8 into the batch's buffer (batch-bytes.ts), followed by
   * `separator`; it bounds the batch's bytes and is what every attempt sends.
   */
  encode(record: ShippableAudit): string | Buffer;
  /** What the body puts between two records ('' when each record's encoding is complete). */
  readonly separator: string;
  /**
   * Sends one batch of encoded records. Resolves with per-record results when the target
   * answered per record (or accepted the whole batch); rejects with a ShipError when the whole
   * batch failed.
   */
  send(batch: readonly EncodedRecord[]): Promise<ShipResult>;
  /** Encodes and sends records (for callers that hold records rather than encodings). */
  ship(batch: readonly ShippableAudit[]): Promise<ShipResult>;
  /** Checks reachability and credentials without shipping a record; rejects with a ShipError. */
  test(): Promise<void>;
  /** Releases connections; the shipper is unusable afterwards. */
  close(): Promise<void>;
}

/** Each record with its encoding, for `ship`. */
export function encodeAll(shipper: Pick<Shipper, 'encode'>, batch: readonly ShippableAudit[]): EncodedRecord[] {
  return batch.map((record) => {
    const encoded = shipper.encode(record);
    return { id: record._id, bytes: typeof encoded === 'string' ? Buffer.from(encoded) : encoded };
  });
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
export function allDelivered(batch: readonly EncodedRecord[]): ShipResult {
  return { delivered: batch.map((r) => r.id), failed: [] };
}
