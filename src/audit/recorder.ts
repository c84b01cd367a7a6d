import { createHash, randomUUID } from 'node:crypto';
import { RosterError } from '../errors/index.js';
import type { BaseDoc, Db, Store } from '../store/index.js';
import { isEventName } from './catalogue.js';
import { redactSecrets } from './redaction.js';
import { tallyOperations, writeTally, type TallyInput } from './tally.js';
import type { AuditEventDoc, AuditInput, DomainEventInput, OutboxDoc } from './types.js';

/** The recorder's per-tenant document: the commit counter, and the tenant's audit retention override. */
export interface SequenceDoc extends BaseDoc {
  tenantId: string;
  value: number;
  /** Days an audit record is kept; unset: the configured default (src/audit/retention.ts). */
  auditRetentionDays?: number;
}

export interface RecordInput {
  events?: DomainEventInput[];
  audit?: AuditInput[];
}

export interface Recorder {
  /**
   * Writes domain events to the outbox and audit records to auditEvents through `tx`, so that
   * they commit or roll back with the change they describe (docs/architecture.md, Data flow 2).
   */
  record(tx: Db, tenantId: string, input: RecordInput): Promise<void>;
  /**
   * Counts audit records instead of writing one each (src/audit/tally.ts): identical records of
   * one minute become one row with a count. For decisions a client can repeat in a loop.
   */
  tally(db: Db, tenantId: string, audit: TallyInput[]): Promise<void>;
  /**
   * One audit record per `key` and time window, counting repeats (`count`, `lastTime`): for
   * refusals a client can repeat at will (an address outside an allow-list), so a flood of
   * requests makes one record a minute, not one per request. The record's id derives from the
   * tenant, action, key and window, so concurrent processes update the same record.
   */
  recordBounded(tx: Db, tenantId: string, entry: AuditInput, bound: { key: string; windowMs: number }): Promise<void>;
  /**
   * Counts `entry` into the one audit record named by `key` (e.g. rejections per address, tenant
   * and minute): the first occurrence inserts the record, numbered in sequence like any other;
   * later ones only increase its `count` and move `lastTime`. A flood of identical events thus
   * adds one row per key, not one per event.
   */
  recordAggregated(store: Store, tenantId: string, key: string, entry: AuditInput): Promise<void>;
}

const DAY_MS = 86_400_000;
/** How long the events API (GET /v1/events) can replay a domain event. */
export const EVENT_RETENTION_DAYS = 30;

function isStore(db: Db): db is Store {
  return typeof (db as Partial<Store>).withTransaction === 'function';
}

/**
 * Numbers the records 1, 2, 3 … per tenant from a counter document incremented inside the
 * writing transaction. Two transactions of one tenant both write that document, so they cannot
 * commit concurrently (SQLite has one writer; MongoDB aborts the second with a write conflict and
 * withTransaction retries it): sequence order is commit order, no number is used twice or skipped
 * across the tenant's events
 * and audit records together, and a reader that
 * remembers the last number it saw never skips a record that committed late.
 */
async function assignSequence(db: Db, tenantId: string, records: { seq: number }[]): Promise<SequenceDoc | null> {
  const counter = await db
    .collection<SequenceDoc>('sequences')
    .findOneAndUpdate(
      { _id: tenantId },
      { $inc: { value: records.length }, $setOnInsert: { tenantId } },
      { upsert: true, returnDocument: 'after' },
    );
  let next = (counter?.value ?? records.length) - records.length + 1;
  for (const record of records) record.seq = next++;
  return counter;
}

function assertKnown(name: string): void {
  if (!isEventName(name)) {
    throw new RosterError('internal', `event name ${name} is not in the catalogue`, { expose: false });
  }
}

export function createRecorder(options: { auditRetentionDays: number; now?: () => Date }): Recorder {
  const now = options.now ?? (() => new Date());

  function toOutbox(tenantId: string, event: DomainEventInput, time: Date): OutboxDoc {
    assertKnown(event.type);
    return {
      _id: randomUUID(),
      tenantId,
      type: event.type,
      subject: event.subject,
      payload: redactSecrets(event.payload ?? {}),
      createdAt: time.toISOString(),
      seq: 0, // set by assignSequence inside the transaction
      relayed: false,
      expiresAt: new Date(time.getTime() + EVENT_RETENTION_DAYS * DAY_MS),
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
      seq: 0, // set by assignSequence inside the transaction
      expiresAt: time, // set from the tenant's retention inside the transaction
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
      if (events.length + audit.length === 0) return;
      const write = async (db: Db) => {
        const counter = await assignSequence(db, tenantId, [...events, ...audit]);
        // The override lives on the counter document the transaction writes anyway: no extra read.
        const keepMs = (counter?.auditRetentionDays ?? options.auditRetentionDays) * DAY_MS;
        for (const doc of audit) doc.expiresAt = new Date(time.getTime() + keepMs);
        if (events.length) await db.collection<OutboxDoc>('outbox').insertMany(events);
        if (audit.length) await db.collection<AuditEventDoc>('auditEvents').insertMany(audit);
      };
      // The sequence is only commit-ordered inside a transaction (see assignSequence).
      await (isStore(tx) ? tx.withTransaction(write) : write(tx));
    },
    async tally(db, tenantId, audit) {
      for (const entry of audit) assertKnown(entry.action);
      await writeTally(db, tallyOperations(tenantId, audit, now(), options.auditRetentionDays));
    },
    async recordAggregated(store, tenantId, key, entry) {
      const time = now();
      const doc = toAudit(tenantId, entry, time);
      doc._id = `agg-${createHash('sha256').update(`${tenantId}\n${key}`).digest('hex').slice(0, 32)}`;
      await store.withTransaction(async (db) => {
        const audit = db.collection<AuditEventDoc>('auditEvents');
        const counted = await audit.findOneAndUpdate(
          { _id: doc._id },
          { $inc: { count: 1 }, $set: { lastTime: time.toISOString() } },
          { returnDocument: 'after' },
        );
        if (counted) return;
        await assignSequence(db, tenantId, [doc]);
        await audit.insertOne({ ...doc, count: 1, lastTime: doc.time });
      });
    },
  };
}
