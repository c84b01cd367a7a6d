// The read side of the audit trail and the events API: queries, cursors, the access report, the
// streamed export and per-tenant retention. Edges (src/authz, src/cli) call these; the writing
// side (catalogue, recorder) is src/audit.
export { type AuditQuery, AUDIT_QUERY_PARAMETERS, parseAuditQuery, auditFilter } from './audit-query.js';
export { type AuditPage, type AuditRecordView, iterateAudit, listAudit, toView } from './audit-read.js';
export { decodeCursor, encodeCursor, type Cursor, type Order } from './cursor.js';
export { type AccessReport, accessReport, parseAccessReportQuery } from './access-report.js';
export {
  CSV_COLUMNS,
  csvField,
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  type ExportFormat,
  exportChunks,
} from './export-format.js';
export { type EventsPage, type EventsQuery, listEvents, parseEventsQuery } from './events.js';
export { enumParam, invalidParameter, type RawParams } from './params.js';
export { getRetention, MAX_RETENTION_DAYS, type Retention, type RetentionChange, setRetention } from './retention.js';
