// Step 2 of a round: ship one batch until every record is delivered or skipped. A whole-batch
// failure that may pass (connection refused, 5xx, 429) is retried with backoff, honouring
// Retry-After; a refused credential or a failure that will not pass suspends the stream (the
// backlog waits in the store for `resume`); sustained failure suspends it too. Records the target
// refused permanently are skipped (and audited by the cursor advance) so they cannot block it.
import { loadStream, noteFailure, suspendStream, type SiemStreamDoc } from '../../../src/siem-streams/index.js';
import { isShipError, type EncodedRecord, type Shipper } from '../shipper.js';
import { pause, retryDelayMs } from './backoff.js';
import type { DeliveryContext } from './context.js';

export type ShipOutcome =
  | { kind: 'done'; shipped: number; skipped: { id: string; reason: string }[] }
  /** Shutdown, lost lease, or the stream was paused, replayed or changed meanwhile. */
  | { kind: 'interrupted' }
  | { kind: 'suspended'; reason: string };

interface Failure {
  reason: string;
  /** Retrying cannot help: suspend now. */
  fatal: boolean;
  retryAfterMs?: number;
}

function failureOf(err: unknown): Failure {
  if (isShipError(err))
    return { reason: err.message, fatal: err.auth || !err.retryable, retryAfterMs: err.retryAfterMs };
  return { reason: `unexpected error: ${(err as Error)?.message ?? String(err)}`, fatal: false };
}

/** Counts the attempt; true when the failure has lasted long enough to suspend the stream. */
async function sustained(ctx: DeliveryContext, doc: SiemStreamDoc, reason: string): Promise<boolean> {
  const { consecutiveFailures, failingSince } = await noteFailure(ctx.store, doc, reason, ctx.now());
  const { suspendAfterAttempts, suspendAfterMs } = ctx.options;
  return (
    consecutiveFailures >= suspendAfterAttempts && ctx.now().getTime() - Date.parse(failingSince) >= suspendAfterMs
  );
}

/** The stream as it is now, if it is still ours to ship as read (not paused, replayed or changed). */
async function stillCurrent(ctx: DeliveryContext, doc: SiemStreamDoc): Promise<boolean> {
  if (ctx.signal.aborted) return false;
  const now = await loadStream(ctx.store, doc.tenantId, doc._id);
  return !!now && now.state === 'active' && now.cursorEpoch === doc.cursorEpoch && now.version === doc.version;
}

async function suspend(ctx: DeliveryContext, doc: SiemStreamDoc, reason: string): Promise<ShipOutcome> {
  ctx.logger.warn({ tenantId: doc.tenantId, stream: doc.name, reason }, 'SIEM stream suspended');
  await suspendStream(ctx, doc, reason, ctx.now());
  return { kind: 'suspended', reason };
}

/** A failed attempt: suspend, or wait out the backoff; an outcome when the caller should stop. */
async function afterFailure(
  ctx: DeliveryContext,
  doc: SiemStreamDoc,
  failure: Failure,
  attempt: number,
): Promise<ShipOutcome | undefined> {
  ctx.logger.warn(
    { tenantId: doc.tenantId, stream: doc.name, attempt, reason: failure.reason },
    'SIEM delivery failed',
  );
  if (failure.fatal || (await sustained(ctx, doc, failure.reason))) return suspend(ctx, doc, failure.reason);
  await pause(retryDelayMs(attempt, ctx.options.backoff, failure.retryAfterMs), ctx.signal);
  return (await stillCurrent(ctx, doc)) ? undefined : { kind: 'interrupted' };
}

export async function shipBatch(
  ctx: DeliveryContext,
  doc: SiemStreamDoc,
  shipper: Shipper,
  records: EncodedRecord[],
  /**
   * The previous batch's cursor write, still running (stream-pump.ts): it clears the failure
   * counters, so a failure of this batch is counted only after it, never erased by it.
   */
  previousAdvance: Promise<unknown> = Promise.resolve(),
): Promise<ShipOutcome> {
  const done = { kind: 'done' as const, shipped: 0, skipped: [] as { id: string; reason: string }[] };
  let pending = records;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (ctx.signal.aborted) return { kind: 'interrupted' };
    let failure: Failure | undefined;
    try {
      const result = await shipper.send(pending);
      done.shipped += result.delivered.length;
      const retry = new Set<string>();
      for (const f of result.failed) {
        if (f.retryable) retry.add(f.id);
        else done.skipped.push({ id: f.id, reason: f.reason });
      }
      pending = pending.filter((r) => retry.has(r.id));
      if (pending.length) failure = { reason: result.failed.find((f) => f.retryable)!.reason, fatal: false };
    } catch (err) {
      failure = failureOf(err);
    }
    if (failure) {
      await previousAdvance;
      const stop = await afterFailure(ctx, doc, failure, attempt);
      if (stop) return stop;
    }
  }
  return done;
}
