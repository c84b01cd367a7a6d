// Rejected credentials are audited as one record per source address × tenant × minute with a
// count (Recorder.recordRepeated, src/audit/repeated.ts), so a flood adds a bounded number of rows.

/** Which rejections count as the same record within a window: those from one address. */
export function rejectionAuditKey(address: string | undefined): string {
  return address ?? 'unknown';
}
