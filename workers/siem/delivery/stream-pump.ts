// One stream's delivery while this process holds its lease, as a table of rounds: reload the
// stream (state, replay, settings) -> collect a batch -> ship it -> advance the cursor. In order:
// one batch at a time, the cursor moving only past records delivered or skipped. While a batch
// ships, the next one is read from the store (prefetch.ts); it is used only if the cursor then
// stands exactly where that read began, under the same epoch and settings. The cursor write of a
// delivered batch runs while the next batch ships (a write transaction took 1-18 ms per batch in
// bench/siem.ts, time the receiver sat idle); the write still happens only after the answer.
import {
  type Advance,
  advanceCursor,
  loadStream,
  openConfig,
  suspendStream,
  type SiemStreamDoc,
} from '../../../src/siem-streams/index.js';
import { SlabPool } from '../batch-bytes.js';
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
  /** Batch buffers of the stream's maxBytes, reused from batch to batch. */
  slabs?: SlabPool;
  /** The batch after the one being shipped, read meanwhile. */
  next?: Prefetch;
  /** The cursor write of the last delivered batch, while the next one ships. */
  advancing?: Promise<void>;
  /** A cursor write missed (replay, another process) or failed: continue from the stored cursor. */
  resync?: boolean;
}

/** Reloads the stream; undefined when it is gone or no longer active. Picks up replays and edits. */
async function refresh(ctx: DeliveryContext, state: PumpState): Promise<boolean> {
  const doc = await loadStream(ctx.store, state.doc.tenantId, state.doc._id);
  if (doc?.state !== 'active') return false;
  if (doc.cursorEpoch !== state.epoch || state.resync) {
    state.resync = false;
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

function slabsOf(state: PumpState): SlabPool {
  const size = state.doc.batch.maxBytes;
  if (state.slabs?.size !== size) state.slabs = new SlabPool(size);
  return state.slabs;
}

/** The prefetched batch when it starts at the cursor under the current epoch and settings, else a fresh read. */
function takeBatch(ctx: DeliveryContext, state: PumpState, shipper: Shipper): Promise<CollectedBatch> {
  const next = state.next;
  state.next = undefined;
  if (next?.fits(state.doc, state.position)) return next.batch;
  void next?.cancel();
  return collectBatch(ctx, state.doc, shipper, state.position, slabsOf(state));
}

/**
 * Writes the delivered batch's cursor (and counters) in the background. The pump carries on from
 * the batch's end at once; if the write misses or fails, the next round starts again from the
 * stored cursor (resending is at-least-once, skipping is impossible).
 */
function startAdvance(ctx: DeliveryContext, state: PumpState, advance: Advance): void {
  const doc = state.doc;
  state.position = advance.cursor;
  state.advancing = advanceCursor(ctx, doc, advance, ctx.now()).then(
    (moved) => {
      if (!moved) state.resync = true;
    },
    (err: unknown) => {
      state.resync = true;
      ctx.logger.error({ err, tenantId: doc.tenantId, stream: doc.name }, 'SIEM cursor advance failed');
    },
  );
}

/** Waits for the previous batch's cursor write; false when it missed and this round must not count. */
async function settleAdvance(state: PumpState): Promise<boolean> {
  await state.advancing;
  state.advancing = undefined;
  return !state.resync;
}

/** One round; false when the pump should stop. */
async function round(ctx: DeliveryContext, state: PumpState): Promise<boolean> {
  if (!(await refresh(ctx, state))) return false;
  const shipper = await ensureShipper(ctx, state);
  if (!shipper) return false;
  const batch = await takeBatch(ctx, state, shipper);
  if (batch.lastSeq === state.position) {
    batch.release();
    await settleAdvance(state);
    await pause(ctx.options.pollMs, ctx.signal);
    return true;
  }
  // The request goes out first; the next batch is read while it is in flight (prefetch.ts).
  const shipping = batch.records.length
    ? shipBatch(ctx, state.doc, shipper, batch.records, state.advancing)
    : Promise.resolve({ kind: 'done' as const, shipped: 0, skipped: [] });
  state.next = startPrefetch(ctx, state.doc, shipper, batch.lastSeq, slabsOf(state));
  const outcome = await shipping;
  batch.release(); // every send of it has settled: its buffer can take the batch after next
  // This batch began where the previous one ended: if that batch's cursor write missed, this
  // one's must not land either (it would cover the missed records); the next round resyncs.
  const inLine = await settleAdvance(state);
  if (outcome.kind === 'suspended') return false;
  if (outcome.kind === 'interrupted' || !inLine) return true;
  startAdvance(ctx, state, {
    cursor: batch.lastSeq,
    epoch: state.epoch,
    shipped: outcome.shipped,
    skipped: outcome.skipped,
  });
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
    await settleAdvance(state);
    await state.next?.cancel();
    await state.shipper?.close().catch(() => {});
  }
}
