// The next batch, read from the store while the current one ships, so the store read and the
// network wait overlap. A prefetch is only a read: it moves no cursor. The pump uses it when the
// cursor advanced exactly to where it began (same epoch, same stream version); otherwise (a failed
// or interrupted batch, a replay, a settings change) it is cancelled and the batch read afresh.
import type { SiemStreamDoc } from '../../../src/siem-streams/index.js';
import type { Shipper } from '../shipper.js';
import { collectBatch, type CollectedBatch } from './collect-batch.js';
import type { DeliveryContext } from './context.js';

export interface Prefetch {
  batch: Promise<CollectedBatch>;
  /** True when this read is the stream's next batch from `position`. */
  fits(doc: SiemStreamDoc, position: number): boolean;
  /** Stops a read still waiting for records; resolves once it has settled. */
  cancel(): Promise<void>;
}

export function startPrefetch(ctx: DeliveryContext, doc: SiemStreamDoc, shipper: Shipper, afterSeq: number): Prefetch {
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  const batch = collectBatch({ ...ctx, signal }, doc, shipper, afterSeq);
  const settled = batch.then(
    () => {},
    () => {}, // a failed read is reported by whoever awaits `batch`; a cancelled one by nobody
  );
  return {
    batch,
    fits: (now, position) =>
      position === afterSeq && now.cursorEpoch === doc.cursorEpoch && now.version === doc.version,
    cancel() {
      controller.abort();
      return settled;
    },
  };
}
