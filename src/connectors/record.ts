import type { Actor, EventName } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import type { Db } from '../store/index.js';
import type { ConnectorDoc } from './types.js';

/** One connector change: its domain event and audit record, in the transaction `tx`. */
export async function recordConnector(
  deps: Pick<DomainDeps, 'recorder'>,
  tx: Db,
  doc: Pick<ConnectorDoc, '_id' | 'tenantId' | 'name' | 'kind'>,
  action: EventName,
  actor: Actor,
  details: Record<string, unknown> = {},
  outcome: 'success' | 'failure' = 'success',
): Promise<void> {
  const payload = { connectorId: doc._id, name: doc.name, kind: doc.kind, ...details };
  await deps.recorder.record(tx, doc.tenantId, {
    events: [{ type: action, subject: doc._id, payload }],
    audit: [{ action, actor, target: { type: 'connector', id: doc._id }, outcome, details: payload }],
  });
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'sync' };
