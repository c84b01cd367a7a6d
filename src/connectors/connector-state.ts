import type { Actor } from '../audit/index.js';
import { nowIso, type DomainDeps } from '../domain/index.js';
import type { Update } from '../store/index.js';
import { getConnector } from './connectors.js';
import { recordConnector, SYSTEM_ACTOR } from './record.js';
import type { ConnectorDoc, ConnectorState } from './types.js';

// Connector states as Entra models them: active; paused by an operator; quarantined by the engine
// when calls keep failing or the target refuses the credentials, probed again at growing
// intervals (base × 2^(failures-1), capped at a day) until it answers or an operator resumes it.

export const QUARANTINE_MAX_MS = 86_400_000;

export function quarantineIntervalMs(baseMs: number, failures: number): number {
  return Math.min(QUARANTINE_MAX_MS, baseMs * 2 ** Math.max(0, failures - 1));
}

async function setState(
  deps: DomainDeps,
  doc: ConnectorDoc,
  state: ConnectorState,
  action: 'connector.paused' | 'connector.resumed' | 'connector.quarantined',
  actor: Actor,
): Promise<ConnectorDoc> {
  return deps.store.withTransaction(async (tx) => {
    const next = await tx
      .collection<ConnectorDoc>('connectors')
      .findOneAndUpdate(
        { tenantId: doc.tenantId, _id: doc._id },
        { $set: { state, updatedAt: nowIso(deps) }, $inc: { version: 1 } },
      );
    await recordConnector(deps, tx, doc, action, actor, { state });
    return next ?? doc;
  });
}

export async function pauseConnector(deps: DomainDeps, tenantId: string, idOrName: string, actor: Actor) {
  const doc = await getConnector(deps, tenantId, idOrName);
  const state: ConnectorState = { status: 'paused', reason: 'paused by an operator', since: nowIso(deps), failures: 0 };
  return setState(deps, doc, state, 'connector.paused', actor);
}

/** Back to active; the engine answers `connector.resumed` with a full sync, catching up what it skipped. */
export async function resumeConnector(deps: DomainDeps, tenantId: string, idOrName: string, actor: Actor) {
  const doc = await getConnector(deps, tenantId, idOrName);
  return setState(deps, doc, { status: 'active', since: nowIso(deps), failures: 0 }, 'connector.resumed', actor);
}

export async function quarantineConnector(
  deps: DomainDeps,
  doc: ConnectorDoc,
  input: { reason: string; baseMs: number; actor?: Actor },
): Promise<ConnectorDoc> {
  const failures = doc.state.status === 'quarantined' ? doc.state.failures + 1 : 1;
  const at = (deps.now?.() ?? new Date()).getTime();
  const state: ConnectorState = {
    status: 'quarantined',
    reason: input.reason,
    since: doc.state.status === 'quarantined' ? doc.state.since : new Date(at).toISOString(),
    failures,
    nextAttemptAt: new Date(at + quarantineIntervalMs(input.baseMs, failures)).toISOString(),
  };
  return setState(deps, doc, state, 'connector.quarantined', input.actor ?? SYSTEM_ACTOR);
}

/** A job of this connector failed for good; returns the new consecutive-failure count. */
export async function countFailure(deps: DomainDeps, doc: ConnectorDoc): Promise<number> {
  const next = await deps.store
    .collection<ConnectorDoc>('connectors')
    .findOneAndUpdate({ tenantId: doc.tenantId, _id: doc._id }, { $inc: { 'state.failures': 1 } });
  return next?.state.failures ?? doc.state.failures + 1;
}

/** A job succeeded: the consecutive-failure count starts again (written only when it was not 0). */
export async function clearFailures(deps: DomainDeps, doc: ConnectorDoc): Promise<void> {
  if (doc.state.failures === 0 || doc.state.status !== 'active') return;
  const update: Update = { $set: { 'state.failures': 0 } };
  await deps.store
    .collection<ConnectorDoc>('connectors')
    .updateOne({ tenantId: doc.tenantId, _id: doc._id, 'state.status': 'active' }, update);
}
