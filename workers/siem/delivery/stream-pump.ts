// One stream's delivery while this process holds its lease, as a table of rounds: reload the
// stream (state, replay, settings) -> collect a batch -> ship it -> advance the cursor. In order:
// one batch at a time, the cursor moving only past records delivered or skipped. While a batch
// ships, the next one is read from the store (prefetch.ts); it is used only if the cursor then
// stands exactly where that read began, under the same epoch and settings.
import {
  advanceCursor,
  loadStream,
  openConfig,
  suspendStream,
  type SiemStreamDoc,
} from '../../../src/siem-streams/index.js';
import type { Shipper } from '../shipper.js';
import { createShipper } from '../shippers/index.js';
import { pause } from './backoff.js';
import { collectBatch, type CollectedBatch } from './collect-batch.js';
import type { DeliveryContext } from './context.js';
import { startPrefetch, type Prefetch } from './prefetch.js';
import { shipBatch } from './ship-batch.js';

interface PumpState {
  doc: SiemStreamDoc;
  /** Last sequence this pump is done with (equals the stored cursor between rounds). */
  position: number;
  epoch: number;
  shipper?: Shipper;
  shipperVersion?: number;
  /** The batch after the one being shipped, read meanwhile. */
  next?: Prefetch;
}

/** Reloads the stream; undefined when it is gone or no longer active. Picks up replays and edits. */
async function refresh(ctx: DeliveryContext, state: PumpState): Promise<boolean> {
  const doc = await loadStream(ctx.store, state.doc.tenantId, state.doc._id);
  if (doc?.state !== 'active') return false;
  if (doc.cursorEpoch !== state.epoch) {
    state.position = doc.cursor;
    state.epoch = doc.cursorEpoch;
  }
  state.doc = doc;
  return true;
}

/** A shipper for the stream's current settings; a config that no longer builds suspends the stream. */
async function ensureShipper(ctx: DeliveryContext, state: PumpState): Promise<Shipper | undefined> {
  if (state.shipper && state.shipperVersion === state.doc.version) return state.shipper;
  await state.shipper?.close();
  state.shipper = undefined;
  try {
    state.shipper = createShipper(state.doc.kind, openConfig(ctx.box, state.doc));
    state.shipperVersion = state.doc.version;
    return state.shipper;
  } catch (err) {
    await suspendStream(ctx, state.doc, `the stream's settings cannot be used: ${(err as Error).message}`, ctx.now());
    return undefined;
  }
}

/** The prefetched batch when it starts at the cursor under the current epoch and settings, else a fresh read. */
function takeBatch(ctx: DeliveryContext, state: PumpState, shipper: Shipper): Promise<CollectedBatch> {
  const next = state.next;
  state.next = undefined;
  if (next?.fits(state.doc, state.position)) return next.batch;
  void next?.cancel();
  return collectBatch(ctx, state.doc, shipper, state.position);
}

/** One round; false when the pump should stop. */
async function round(ctx: DeliveryContext, state: PumpState): Promise<boolean> {
  if (!(await refresh(ctx, state))) return false;
  const shipper = await ensureShipper(ctx, state);
  if (!shipper) return false;
  const batch = await takeBatch(ctx, state, shipper);
  if (batch.lastSeq === state.position) {
    await pause(ctx.options.pollMs, ctx.signal);
    return true;
  }
  // The request goes out first; the next batch is read while it is in flight (prefetch.ts).
  const shipping = batch.records.length
    ? shipBatch(ctx, state.doc, shipper, batch.records)
    : Promise.resolve({ kind: 'done' as const, shipped: 0, skipped: [] });
  state.next = startPrefetch(ctx, state.doc, shipper, batch.lastSeq);
  const outcome = await shipping;
  if (outcome.kind === 'suspended') return false;
  if (outcome.kind === 'interrupted') return true;
  const advance = { cursor: batch.lastSeq, epoch: state.epoch, shipped: outcome.shipped, skipped: outcome.skipped };
  if (await advanceCursor(ctx, state.doc, advance, ctx.now())) state.position = batch.lastSeq;
  return true;
}

/** Ships the stream until it stops being active, the lease is lost, or the process stops. */
export async function pumpStream(ctx: DeliveryContext, doc: SiemStreamDoc): Promise<void> {
  const state: PumpState = { doc, position: doc.cursor, epoch: doc.cursorEpoch };
  try {
    while (!ctx.signal.aborted) {
      try {
        if (!(await round(ctx, state))) break;
      } catch (err) {
        // The store itself failed (locked, unreachable): the cursor did not move; try again shortly.
        ctx.logger.error({ err, tenantId: doc.tenantId, stream: doc.name }, 'SIEM delivery round failed');
        await pause(ctx.options.backoff.baseMs, ctx.signal);
      }
    }
  } finally {
    await state.next?.cancel();
    await state.shipper?.close().catch(() => {});
  }
}
