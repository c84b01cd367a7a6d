import { setImmediate } from 'node:timers/promises';
// The next batch, read from the store while the current one ships, so the store read and the
// network wait overlap. A prefetch is only a read: it moves no cursor. The pump uses it when the
// cursor advanced exactly to where it began (same epoch, same stream version); otherwise (a failed
// or interrupted batch, a replay, a settings change) it is cancelled and the batch read afresh.
import type { SiemStreamDoc } from '../../../src/siem-streams/index.js';
import type { SlabPool } from '../batch-bytes.js';
import type { Shipper } from '../shipper.js';
import { collectBatch, type CollectedBatch } from './collect-batch.js';
import type { DeliveryContext } from './context.js';

export interface Prefetch {
  batch: Promise<CollectedBatch>;
  /** True when this read is the stream's next batch from `position`. */
  fits(doc: SiemStreamDoc, position: number): boolean;
  /** Stops a read still waiting for records and releases what it read; resolves once it has settled. */
  cancel(): Promise<void>;
}

export function startPrefetch(
  ctx: DeliveryContext,
  doc: SiemStreamDoc,
  shipper: Shipper,
  afterSeq: number,
  slabs: SlabPool,
): Prefetch {
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  // Read on the next turn of the event loop, not now: the embedded store reads synchronously, so a
  // read started here would run before the current batch's request is even written, and the target
  // would then sit idle while this process reads and encodes. After setImmediate the request is on
  // the wire and the target parses it while the next batch is read and encoded here.
  const batch = setImmediate().then(() => collectBatch({ ...ctx, signal }, doc, shipper, afterSeq, slabs));
  const settled = batch.then(
    (read) => read,
    () => undefined, // a failed read is reported by whoever awaits `batch`; a cancelled one by nobody
  );
  return {
    batch,
    fits: (now, position) =>
      position === afterSeq && now.cursorEpoch === doc.cursorEpoch && now.version === doc.version,
    async cancel() {
      controller.abort();
      (await settled)?.release();
    },
  };
}
