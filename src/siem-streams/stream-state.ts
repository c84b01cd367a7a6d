// An admin's state changes of a stream: pause, resume, replay, and a connection test. Each writes
// its audit record and domain event with the change.
import type { Actor } from '../audit/index.js';
import { nowIso } from '../domain/index.js';
import { openConfig } from './stream-config.js';
import { checked, replaySchema, type ReplayFrom } from './stream-input.js';
import { getStream, recordChange, streams, type SiemStreamDeps } from './stream-records.js';
import type { SiemStreamDoc, SiemStreamState } from './types.js';
import type { AuditEventDoc } from '../audit/index.js';

interface StreamRef {
  tenantId: string;
  stream: string;
  actor: Actor;
}

async function setState(
  deps: SiemStreamDeps,
  ref: StreamRef,
  state: SiemStreamState,
  action: 'siem_stream.paused' | 'siem_stream.resumed',
): Promise<SiemStreamDoc> {
  const current = await getStream(deps, ref.tenantId, ref.stream);
  const time = nowIso(deps);
  return deps.store.withTransaction(async (tx) => {
    const reset = state === 'active' ? { 'counters.consecutiveFailures': 0 } : {};
    const next = await streams(tx).findOneAndUpdate(
      { _id: current._id, tenantId: current.tenantId },
      {
        $set: { state, stateSince: time, updatedAt: time, ...reset },
        $unset: { stateReason: '', ...(state === 'active' ? { 'counters.failingSince': '' } : {}) },
      },
    );
    await recordChange(tx, deps, next!, { action, actor: ref.actor, details: { previousState: current.state } });
    return next!;
  });
}

/** Stops shipping; the backlog waits in the store and resumes from the cursor. */
export function pauseStream(deps: SiemStreamDeps, ref: StreamRef): Promise<SiemStreamDoc> {
  return setState(deps, ref, 'paused', 'siem_stream.paused');
}

/** Ships again from the cursor, after a pause or a suspension (the failure count starts over). */
export function resumeStream(deps: SiemStreamDeps, ref: StreamRef): Promise<SiemStreamDoc> {
  return setState(deps, ref, 'active', 'siem_stream.resumed');
}

/**
 * The cursor that re-ships every record committed at or after `from` (a time), or after `from` (a
 * cursor). Never forward: a start the stream has not reached yet leaves it where it is.
 */
async function replayCursor(deps: SiemStreamDeps, doc: SiemStreamDoc, from: ReplayFrom): Promise<number> {
  if (typeof from === 'number') return Math.min(from, doc.cursor);
  const time = new Date(from).toISOString();
  const first = await deps.store
    .collection<AuditEventDoc>('auditEvents')
    .findOne({ tenantId: doc.tenantId, time: { $gte: time } }, { sort: { seq: 1 } });
  return first ? Math.min(first.seq - 1, doc.cursor) : doc.cursor;
}

/**
 * Sets the cursor back so the window from `from` is shipped again (at least once: the SIEM may
 * see those records twice, with the same ids). The epoch bump makes a worker's in-flight advance
 * of the old cursor miss, so it cannot undo the replay.
 */
export async function replayStream(
  deps: SiemStreamDeps,
  ref: StreamRef & { from: ReplayFrom },
): Promise<SiemStreamDoc> {
  const { from } = checked(replaySchema, { from: ref.from });
  const current = await getStream(deps, ref.tenantId, ref.stream);
  const cursor = await replayCursor(deps, current, from);
  return deps.store.withTransaction(async (tx) => {
    const next = await streams(tx).findOneAndUpdate(
      { _id: current._id, tenantId: current.tenantId },
      { $set: { cursor, updatedAt: nowIso(deps) }, $inc: { cursorEpoch: 1 } },
    );
    await recordChange(tx, deps, next!, {
      action: 'siem_stream.replayed',
      actor: ref.actor,
      details: { from, previousCursor: current.cursor },
    });
    return next!;
  });
}

export interface StreamTestResult {
  ok: boolean;
  error?: string;
}

/** Checks the target's reachability and credentials without shipping a record; audited either way. */
export async function testStream(deps: SiemStreamDeps, ref: StreamRef): Promise<StreamTestResult> {
  const current = await getStream(deps, ref.tenantId, ref.stream);
  const config = openConfig(await deps.secretBox(), current);
  const result: StreamTestResult = await deps.kinds.probe(current.kind, config).then(
    () => ({ ok: true }),
    (err: unknown) => ({ ok: false, error: (err as Error)?.message ?? String(err) }),
  );
  await deps.store.withTransaction((tx) =>
    recordChange(tx, deps, current, {
      action: 'siem_stream.test_sent',
      actor: ref.actor,
      outcome: result.ok ? 'success' : 'failure',
      ...(result.error ? { reason: result.error } : {}),
    }),
  );
  return result;
}
