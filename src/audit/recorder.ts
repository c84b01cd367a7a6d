import { randomUUID } from 'node:crypto';
import { RosterError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { isEventName } from './catalogue.js';
import { redactSecrets } from './redaction.js';
import { tallyOperations, writeTally, type TallyInput } from './tally.js';
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
   * Counts audit records instead of writing one each (src/audit/tally.ts): identical records of
   * one minute become one row with a count. For decisions a client can repeat in a loop.
   */
  tally(db: Db, tenantId: string, audit: TallyInput[]): Promise<void>;
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

  return {
    async record(tx, tenantId, input) {
      const time = now();
      const events = (input.events ?? []).map((e) => toOutbox(tenantId, e, time));
      const audit = (input.audit ?? []).map((a) => toAudit(tenantId, a, time));
      if (events.length) await tx.collection<OutboxDoc>('outbox').insertMany(events);
      if (audit.length) await tx.collection<AuditEventDoc>('auditEvents').insertMany(audit);
    },
    async tally(db, tenantId, audit) {
      for (const entry of audit) assertKnown(entry.action);
      await writeTally(db, tallyOperations(tenantId, audit, now(), options.auditRetentionDays));
    },
  };
}
