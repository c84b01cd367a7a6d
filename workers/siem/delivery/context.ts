import type { Recorder } from '../../../src/audit/index.js';
import type { SecretBox } from '../../../src/credentials/index.js';
import type { Logger } from '../../../src/logging/index.js';
import type { Store } from '../../../src/store/index.js';
import type { BackoffOptions } from './backoff.js';

export interface DeliveryOptions {
  /** How often the supervisor looks for active streams nobody ships. */
  scanMs: number;
  /** How often a caught-up stream looks for new records. */
  pollMs: number;
  /** Lease time-to-live; renewed every third of it while the stream is shipped. */
  leaseTtlMs: number;
  backoff: BackoffOptions;
  /** Suspend after at least this many failed attempts in a row … */
  suspendAfterAttempts: number;
  /** … that span at least this long (both must hold; a refused credential suspends at once). */
  suspendAfterMs: number;
  /** Records read from the store per page (the backlog is read page by page, never whole). */
  pageSize: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  scanMs: 1000,
  pollMs: 250,
  leaseTtlMs: 30_000,
  backoff: { baseMs: 1000, maxMs: 300_000 },
  suspendAfterAttempts: 20,
  suspendAfterMs: 2 * 3_600_000,
  pageSize: 1000,
};

/** What one stream's delivery is handed. */
export interface DeliveryContext {
  store: Store;
  recorder: Recorder;
  box: SecretBox;
  logger: Logger;
  options: DeliveryOptions;
  now: () => Date;
  /** Aborted on shutdown or when the stream's lease is lost. */
  signal: AbortSignal;
}
