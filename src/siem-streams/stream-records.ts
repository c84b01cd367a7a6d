// Reads and audited writes shared by the stream services: find a stream by id or name, and write
// a change together with its audit record and domain event (docs/architecture.md, Data flow 2).
import type { Actor, Outcome } from '../audit/index.js';
import type { SecretBox } from '../credentials/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import type { SiemKindCatalogue, SiemStreamDoc } from './types.js';

/** What the stream services need beyond the store: the SIEM kinds and the secret box. */
export interface SiemStreamDeps extends DomainDeps {
  kinds: SiemKindCatalogue;
  secretBox(): Promise<SecretBox>;
}

export type StreamAction =
  | 'siem_stream.created'
  | 'siem_stream.updated'
  | 'siem_stream.paused'
  | 'siem_stream.resumed'
  | 'siem_stream.suspended'
  | 'siem_stream.removed'
  | 'siem_stream.replayed'
  | 'siem_stream.test_sent'
  | 'siem_stream.records_skipped';

export const streams = (db: Db) => db.collection<SiemStreamDoc>('siemStreams');

/** A stream of the tenant by id, or else by name. */
export async function findStream(db: Db, tenantId: string, idOrName: string): Promise<SiemStreamDoc | null> {
  return (
    (await streams(db).findOne({ _id: idOrName, tenantId })) ??
    (await streams(db).findOne({ tenantId, name: idOrName }))
  );
}

export async function getStream(deps: Pick<DomainDeps, 'store'>, tenantId: string, idOrName: string) {
  const found = await findStream(deps.store, tenantId, idOrName);
  if (!found) throw new RosterError('siem_stream_not_found', `tenant "${tenantId}" has no SIEM stream "${idOrName}"`);
  return found;
}

export async function listStreams(deps: Pick<DomainDeps, 'store'>, tenantId: string): Promise<SiemStreamDoc[]> {
  return streams(deps.store).find({ tenantId }, { sort: { name: 1 } });
}

/** What an event or audit record says about a stream: never its config (URLs may carry tokens). */
export function streamSummary(doc: SiemStreamDoc): Record<string, unknown> {
  return { name: doc.name, kind: doc.kind, state: doc.state, categories: doc.categories, cursor: doc.cursor };
}

export interface ChangeRecord {
  action: StreamAction;
  actor: Actor;
  outcome?: Outcome;
  reason?: string;
  details?: Record<string, unknown>;
}

/** Writes the audit record and the domain event of a stream change through `tx`. */
export async function recordChange(
  tx: Db,
  deps: Pick<DomainDeps, 'recorder'>,
  doc: SiemStreamDoc,
  change: ChangeRecord,
): Promise<void> {
  const details = { ...streamSummary(doc), ...change.details };
  await deps.recorder.record(tx, doc.tenantId, {
    events: [{ type: change.action, subject: doc._id, payload: details }],
    audit: [
      {
        action: change.action,
        actor: change.actor,
        target: { type: 'siem_stream', id: doc._id },
        outcome: change.outcome ?? 'success',
        ...(change.reason ? { reason: change.reason } : {}),
        details,
      },
    ],
  });
}
