import type { Actor, AuditInput, DomainEventInput } from '../audit/index.js';
import type { Db } from '../store/index.js';
import { bumpCacheVersion, type DomainDeps } from '../domain/index.js';
import { recomputeTenant } from './effective-roles.js';

/** What one access-policy write reports: its events, and whether every user's roles must follow. */
export interface ChangeOutcome<R> {
  result: R;
  event: DomainEventInput;
  target: { type: string; id: string };
  recompute: boolean;
}

/**
 * Runs a policy write, its event and audit record, and (when roles may have moved) the tenant's
 * effective-role recomputation in one transaction: no change without its event (docs/architecture.md).
 */
export async function commitAccessChange<R>(
  deps: DomainDeps,
  tenantId: string,
  actor: Actor,
  work: (tx: Db) => Promise<ChangeOutcome<R>>,
): Promise<R> {
  return deps.store.withTransaction(async (tx) => {
    const outcome = await work(tx);
    // Compiled policies cached in any process are rebuilt on their next use (policy-cache.ts).
    await bumpCacheVersion(tx, tenantId, 'policy');
    const audit: AuditInput = { action: outcome.event.type, actor, target: outcome.target, outcome: 'success' };
    await deps.recorder.record(tx, tenantId, { events: [outcome.event], audit: [audit] });
    if (outcome.recompute) await recomputeTenant(tx, deps.recorder, tenantId);
    return outcome.result;
  });
}
