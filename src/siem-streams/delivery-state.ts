// The delivery loop's durable bookkeeping (workers/siem/delivery): which streams to ship, moving
// the cursor with the counters in one write, counting failures, suspending. Kept here so the
// worker never touches a collection itself.
import type { Actor, AuditEventDoc } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { Store } from '../store/index.js';
import { recordChange, streams } from './stream-records.js';
import type { SiemStreamDoc, StreamCounters } from './types.js';

export const DELIVERY_ACTOR: Actor = { type: 'system', id: 'siem-delivery' };

/** Every active stream of every tenant (the `state` index). */
export function listActiveStreams(store: Store): Promise<SiemStreamDoc[]> {
  return streams(store).find({ state: 'active' });
}

export function loadStream(store: Store, tenantId: string, id: string): Promise<SiemStreamDoc | null> {
  return streams(store).findOne({ _id: id, tenantId });
}

/**
 * The tenant's audit records after `afterSeq`, in commit order, at most `limit`: one page of the
 * backlog (served by the tenant_seq index; the backlog is never read whole).
 */
export function readAfter(store: Store, tenantId: string, afterSeq: number, limit: number): Promise<AuditEventDoc[]> {
  return store
    .collection<AuditEventDoc>('auditEvents')
    .find({ tenantId, seq: { $gt: afterSeq } }, { sort: { seq: 1 }, limit });
}

export interface Advance {
  /** Sequence of the last record the stream is now done with. */
  cursor: number;
  /** The epoch the batch was read under; a replay since then makes the advance miss. */
  epoch: number;
  shipped: number;
  /** Records refused permanently and skipped, with the SIEM's reasons. */
  skipped: { id: string; reason: string }[];
}

/** The counters after a delivered batch: failures cleared, totals added. */
function advancedCounters(counters: StreamCounters, advance: Advance, now: Date): StreamCounters {
  const { failingSince: _cleared, ...kept } = counters;
  return {
    ...kept,
    shipped: kept.shipped + advance.shipped,
    failed: kept.failed + advance.skipped.length,
    consecutiveFailures: 0,
    ...(advance.shipped ? { lastDeliveredAt: now.toISOString() } : {}),
  };
}

/**
 * Moves the cursor forward and the counters with it; false when a replay (epoch) or a newer
 * cursor won. Skipped records are audited in the same transaction so the skip is never silent.
 * The counters are read and written whole inside the transaction: a top-level $set is applied
 * without mingo's updater, whose dotted-path $set/$unset/$inc cost about 4% of the delivery
 * loop's CPU (one advance per batch, `node --cpu-prof` of bench/siem.ts).
 */
export async function advanceCursor(
  deps: Pick<DomainDeps, 'store' | 'recorder'>,
  doc: SiemStreamDoc,
  advance: Advance,
  now: Date,
): Promise<boolean> {
  return deps.store.withTransaction(async (tx) => {
    const behind = {
      _id: doc._id,
      tenantId: doc.tenantId,
      cursorEpoch: advance.epoch,
      cursor: { $lt: advance.cursor },
    };
    const current = await streams(tx).findOne(behind);
    if (!current) return false;
    const counters = advancedCounters(current.counters, advance, now);
    const result = await streams(tx).updateOne(behind, { $set: { cursor: advance.cursor, counters } });
    if (result.matchedCount === 0) return false;
    if (advance.skipped.length)
      await recordChange(tx, deps, doc, {
        action: 'siem_stream.records_skipped',
        actor: DELIVERY_ACTOR,
        outcome: 'failure',
        reason: advance.skipped[0].reason,
        details: { count: advance.skipped.length, records: advance.skipped.slice(0, 20) },
      });
    return true;
  });
}

/** Counts one failed attempt; returns the stream's failure counters after it. */
export async function noteFailure(
  store: Store,
  doc: SiemStreamDoc,
  error: string,
  now: Date,
): Promise<{ consecutiveFailures: number; failingSince: string }> {
  const time = now.toISOString();
  const failingSince = doc.counters.failingSince ?? time;
  const next = await streams(store).findOneAndUpdate(
    { _id: doc._id, tenantId: doc.tenantId },
    {
      $set: { 'counters.lastError': error, 'counters.lastErrorAt': time, 'counters.failingSince': failingSince },
      $inc: { 'counters.consecutiveFailures': 1 },
    },
  );
  return { consecutiveFailures: next?.counters.consecutiveFailures ?? 1, failingSince };
}

/** Suspends an active stream (sustained failure, a refused credential); false if it was not active. */
export async function suspendStream(
  deps: Pick<DomainDeps, 'store' | 'recorder'>,
  doc: SiemStreamDoc,
  reason: string,
  now: Date,
): Promise<boolean> {
  return deps.store.withTransaction(async (tx) => {
    const time = now.toISOString();
    const result = await streams(tx).updateOne(
      { _id: doc._id, tenantId: doc.tenantId, state: 'active' },
      { $set: { state: 'suspended', stateReason: reason, stateSince: time, updatedAt: time } },
    );
    if (result.matchedCount === 0) return false;
    await recordChange(
      tx,
      deps,
      { ...doc, state: 'suspended' },
      {
        action: 'siem_stream.suspended',
        actor: DELIVERY_ACTOR,
        outcome: 'failure',
        reason,
      },
    );
    return true;
  });
}
