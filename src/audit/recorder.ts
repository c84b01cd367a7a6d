import { randomUUID } from 'node:crypto';
import { RosterError } from '../errors/index.js';
import type { BaseDoc, Db, Store } from '../store/index.js';
import { isEventName } from './catalogue.js';
import { redactSecrets } from './redaction.js';
import { MINUTE_MS, type RepeatedAudit, repeatedId, windowOf } from './repeated.js';
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
   * Records what a client can repeat at will (src/audit/repeated.ts): one row per tenant, action,
   * `key` and window. The first occurrence inserts the row, numbered in sequence like any other
   * record (so SIEM streams and the events API see it); later ones only add to its `count` and
   * move `lastTime`. A flood of identical records thus adds one row per key and window.
   */
  recordRepeated(store: Store, tenantId: string, items: RepeatedAudit[], windowMs?: number): Promise<void>;
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

/** The row ids grouped by the count each adds. */
interface RepeatedGroup {
  entry: RepeatedAudit['entry'];
  count: number;
  /** The latest occurrence counted in this row. */
  at: Date;
  window: string;
}

/** The rows that get the same `$inc` and `lastTime`, so that each such set is one updateMany. */
function sameUpdates(groups: Map<string, RepeatedGroup>): { count: number; lastTime: string; ids: string[] }[] {
  const updates = new Map<string, { count: number; lastTime: string; ids: string[] }>();
  for (const [id, { count, at }] of groups) {
    const lastTime = at.toISOString();
    const key = `${count}@${lastTime}`;
    const same = updates.get(key);
    if (same) same.ids.push(id);
    else updates.set(key, { count, lastTime, ids: [id] });
  }
  return [...updates.values()];
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

  return {
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
    async recordRepeated(store, tenantId, items, windowMs = MINUTE_MS) {
      if (items.length === 0) return;
      const written = now();
      const groups = new Map<string, RepeatedGroup>();
      for (const { entry, key, count = 1, at = written } of items) {
        assertKnown(entry.action);
        const window = windowOf(at, windowMs);
        const id = repeatedId(tenantId, entry.action, key, window);
        const group = groups.get(id);
        if (!group) groups.set(id, { entry, count, at, window });
        else {
          group.count += count;
          if (at > group.at) group.at = at;
        }
      }
      const write = () =>
        store.withTransaction(async (db) => {
          const audit = db.collection<AuditEventDoc>('auditEvents');
          // One update per distinct count and time, not one per row: a tally flush adds 1 to most
          // of its rows. Rows that do not exist yet match nothing; only then is it read which they are.
          let matched = 0;
          for (const { count, lastTime, ids } of sameUpdates(groups)) {
            const result = await audit.updateMany({ _id: { $in: ids } }, { $inc: { count }, $set: { lastTime } });
            matched += result.matchedCount;
          }
          if (matched === groups.size) return;
          const found = await audit.find({ _id: { $in: [...groups.keys()] } }, { projection: { _id: 1 } });
          const stored = new Set(found.map((doc) => doc._id));
          const firsts: AuditEventDoc[] = [];
          for (const [id, { entry, count, at, window }] of groups)
            if (!stored.has(id))
              firsts.push({ ...toAudit(tenantId, entry, at), _id: id, window, count, lastTime: at.toISOString() });
          if (firsts.length === 0) return;
          const counter = await assignSequence(db, tenantId, firsts);
          const keepMs = (counter?.auditRetentionDays ?? options.auditRetentionDays) * DAY_MS;
          for (const doc of firsts) doc.expiresAt = new Date(written.getTime() + keepMs);
          await audit.insertMany(firsts);
        });
      try {
        await write();
      } catch (err) {
        // Two processes inserted the same first row at once (MongoDB): the row exists now, count into it.
        if ((err as { code?: string }).code !== 'store_unique_violation') throw err;
        await write();
      }
    },
  };
}
