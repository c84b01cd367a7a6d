import { createHash, randomUUID } from 'node:crypto';
import { RosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { isEventName } from './catalogue.js';
import { redactSecrets } from './redaction.js';
import type { AuditEventDoc, AuditInput, DomainEventInput, OutboxDoc } from './types.js';

export interface RecordInput {
  events?: DomainEventInput[];
  audit?: AuditInput[];
}

export interface Recorder {
  /**
   * Writes domain events to the outbox and audit records to auditEvents through `tx`, so that
   * they commit or roll back with the change they describe (ARCHITECTURE.md, Data flow 2).
   */
  record(tx: Db, tenantId: string, input: RecordInput): Promise<void>;
  /**
   * One audit record per `key` and time window, counting repeats (`count`, `lastTime`): for
   * refusals a client can repeat at will (an address outside an allow-list), so a flood of
   * requests makes one record a minute, not one per request. The record's id derives from the
   * tenant, action, key and window, so concurrent processes update the same record.
   */
  recordBounded(tx: Db, tenantId: string, entry: AuditInput, bound: { key: string; windowMs: number }): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Monotonic within a process; the relay orders by it, the event id is the dedupe key. */
function createSequence(): () => number {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Date.now() * 1000);
    return last;
  };
}

function assertKnown(name: string): void {
  if (!isEventName(name)) {
    throw new RosterError('internal', `event name ${name} is not in the catalogue`, { expose: false });
  }
}

export function createRecorder(options: { auditRetentionDays: number; now?: () => Date }): Recorder {
  const now = options.now ?? (() => new Date());
  const nextSeq = createSequence();

  function toOutbox(tenantId: string, event: DomainEventInput, time: Date): OutboxDoc {
    assertKnown(event.type);
    return {
      _id: randomUUID(),
      tenantId,
      type: event.type,
      subject: event.subject,
      payload: redactSecrets(event.payload ?? {}),
      createdAt: time.toISOString(),
      seq: nextSeq(),
      relayed: false,
    };
  }

  function toAudit(tenantId: string, entry: AuditInput, time: Date): AuditEventDoc {
    assertKnown(entry.action);
    const doc: AuditEventDoc = {
      _id: randomUUID(),
      tenantId,
      time: time.toISOString(),
      actor: entry.actor,
      actorId: entry.actor.id,
      action: entry.action,
      outcome: entry.outcome,
      expiresAt: new Date(time.getTime() + options.auditRetentionDays * DAY_MS),
    };
    if (entry.target) doc.target = entry.target;
    if (entry.reason) doc.reason = entry.reason;
    if (entry.sourceIp) doc.sourceIp = entry.sourceIp;
    if (entry.requestId) doc.requestId = entry.requestId;
    if (entry.details) doc.details = redactSecrets(entry.details);
    return doc;
  }

  function boundedId(tenantId: string, entry: AuditInput, key: string, window: number): string {
    return createHash('sha256').update(`${tenantId}\0${entry.action}\0${key}\0${window}`).digest('hex').slice(0, 32);
  }

  return {
    async recordBounded(tx, tenantId, entry, bound) {
      const time = now();
      const window = Math.floor(time.getTime() / bound.windowMs);
      const { _id, ...first } = toAudit(tenantId, entry, time);
      await tx
        .collection<AuditEventDoc>('auditEvents')
        .updateOne(
          { _id: boundedId(tenantId, entry, bound.key, window) },
          { $setOnInsert: first, $set: { lastTime: time.toISOString() }, $inc: { count: 1 } },
          { upsert: true },
        );
    },
    async record(tx, tenantId, input) {
      const time = now();
      const events = (input.events ?? []).map((e) => toOutbox(tenantId, e, time));
      const audit = (input.audit ?? []).map((a) => toAudit(tenantId, a, time));
      if (events.length) await tx.collection<OutboxDoc>('outbox').insertMany(events);
      if (audit.length) await tx.collection<AuditEventDoc>('auditEvents').insertMany(audit);
    },
  };
}
