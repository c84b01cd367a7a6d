import { createHash } from 'node:crypto';
import type { AuditInput } from './types.js';

// Audit of what a client can repeat at will — denied decisions (design 000 "audit failed access
// attempt", design 001's access log), rejected credentials, refused addresses: identical records
// of one time window share one row whose `count` grows, so a loop adds one row a window instead of
// one per request. The row id is a hash of the tenant, action, the caller's key and the window, so
// every process (and both store engines) lands on the same row. The first occurrence is numbered
// in the tenant's commit sequence like any other record, so the events API and every SIEM stream
// see it (src/audit/recorder.ts).

export const MINUTE_MS = 60_000;

/** An audit record that may repeat: `key` says which records count as the same one. */
export interface RepeatedAudit {
  entry: AuditInput;
  key: string;
  /** How many occurrences this stands for (default 1). */
  count?: number;
  /**
   * When it was counted (default: when it is written). A buffer that writes its counts later says
   * so here, so they land in the window they were counted in (src/audit/tally-buffer.ts).
   */
  at?: Date;
}

/** The start of the window `time` falls in, ISO-8601. */
export function windowOf(time: Date, windowMs: number): string {
  return new Date(Math.floor(time.getTime() / windowMs) * windowMs).toISOString();
}

export function repeatedId(tenantId: string, action: string, key: string, window: string): string {
  return createHash('sha256')
    .update(JSON.stringify([tenantId, action, key, window]))
    .digest('hex')
    .slice(0, 40);
}

/** What makes two decisions the same: actor × subject × permission × resource × source × outcome. */
export function decisionKey(entry: AuditInput): string {
  const details = entry.details ?? {};
  return JSON.stringify([
    entry.outcome,
    entry.actor.type,
    entry.actor.id,
    details.subject ?? null,
    details.permission ?? null,
    entry.target?.type ?? null,
    entry.target?.id ?? null,
    entry.sourceIp ?? null,
  ]);
}
