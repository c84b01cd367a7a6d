import type { Actor, AuditEventDoc, SequenceDoc } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import { RosterError } from '../errors/index.js';
import type { Update } from '../store/index.js';

// Audit retention per tenant: the configured default (ROSTER_AUDIT_RETENTION_DAYS, 90 days after
// design 001), or a tenant's own number of days. It is kept on the recorder's per-tenant counter
// document, which every recording transaction writes anyway (src/audit/recorder.ts), and applied
// through each record's TTL field `expiresAt` (src/store/indexes.ts, auditEvents.ttl).

const DAY_MS = 86_400_000;
export const MAX_RETENTION_DAYS = 3650;
const BATCH = 1000;

export interface Retention {
  days: number;
  /** `tenant`: the tenant's own setting; `default`: the configured default. */
  source: 'tenant' | 'default';
  defaultDays: number;
}

export async function getRetention(deps: DomainDeps, tenantId: string, defaultDays: number): Promise<Retention> {
  const counter = await deps.store.collection<SequenceDoc>('sequences').findOne({ _id: tenantId });
  const own = counter?.auditRetentionDays;
  return own === undefined
    ? { days: defaultDays, source: 'default', defaultDays }
    : { days: own, source: 'tenant', defaultDays };
}

function assertDays(days: number | null): void {
  if (days === null) return;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new RosterError(
      'invalid_input',
      `days: must be a whole number from 1 to ${MAX_RETENTION_DAYS}, or null for the default`,
      {
        details: { parameter: 'days' },
      },
    );
  }
}

/** Re-dates every existing record of the tenant: a shorter retention purges old records at the next TTL sweep. */
async function applyToExisting(deps: DomainDeps, tenantId: string, days: number): Promise<number> {
  const audit = deps.store.collection<AuditEventDoc>('auditEvents');
  let after = 0;
  let changed = 0;
  for (;;) {
    const batch = await audit.find(
      { tenantId, seq: { $gt: after } },
      { sort: { seq: 1 }, limit: BATCH, projection: { time: 1, seq: 1 } },
    );
    if (batch.length === 0) return changed;
    const result = await audit.bulkWrite(
      batch.map((doc) => ({
        updateOne: {
          filter: { _id: doc._id },
          update: { $set: { expiresAt: new Date(Date.parse(doc.time) + days * DAY_MS) } },
        },
      })),
    );
    changed += result.modifiedCount;
    after = batch[batch.length - 1].seq;
  }
}

export interface RetentionChange extends Retention {
  /** Existing records whose expiry moved. */
  recordsUpdated: number;
}

/** Sets (days) or clears (null: back to the default) the tenant's retention, audited. */
export async function setRetention(
  deps: DomainDeps,
  tenantId: string,
  input: { days: number | null; actor: Actor; defaultDays: number },
): Promise<RetentionChange> {
  assertDays(input.days);
  const before = await getRetention(deps, tenantId, input.defaultDays);
  await deps.store.withTransaction(async (tx) => {
    const update: Update =
      input.days === null ? { $unset: { auditRetentionDays: '' } } : { $set: { auditRetentionDays: input.days } };
    await tx
      .collection<SequenceDoc>('sequences')
      .updateOne({ _id: tenantId }, { ...update, $setOnInsert: { tenantId, value: 0 } }, { upsert: true });
    await deps.recorder.record(tx, tenantId, {
      audit: [
        {
          action: 'audit_retention.updated',
          actor: input.actor,
          target: { type: 'tenant', id: tenantId },
          outcome: 'success',
          details: { fromDays: before.days, toDays: input.days ?? input.defaultDays },
        },
      ],
    });
  });
  const after = await getRetention(deps, tenantId, input.defaultDays);
  return { ...after, recordsUpdated: await applyToExisting(deps, tenantId, after.days) };
}
