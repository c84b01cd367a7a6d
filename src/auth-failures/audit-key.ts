// Rejected credentials are audited as one record per source address × tenant × minute with a
// count (src/audit/recorder.ts recordAggregated), so a flood adds a bounded number of rows.

/**
 * The aggregate a rejection at `time` from `address` belongs to, e.g.
 * "scim_token.rejected|10.0.0.7|2026-12-01T09:53".
 */
export function rejectionAuditKey(action: string, address: string | undefined, time: Date): string {
  return `${action}|${address ?? 'unknown'}|${time.toISOString().slice(0, 16)}`;
}
