import type { AuditEventDoc } from '../audit/index.js';
import { toView } from './audit-read.js';

// The two export formats, one line per record so the export can be written as it is read.

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  // NDJSON spec (github.com/ndjson/ndjson-spec) media type; CSV per RFC 4180 §3, header present.
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

export const CSV_COLUMNS = [
  'id',
  'seq',
  'time',
  'action',
  'outcome',
  'actor_type',
  'actor_id',
  'target_type',
  'target_id',
  'reason',
  'source_ip',
  'request_id',
  'details',
] as const;

/**
 * RFC 4180 §2: a field holding a comma, a double quote, CR or LF is enclosed in double quotes,
 * and a double quote inside it is doubled. Values are written as stored (no spreadsheet-formula
 * neutralising), so the export stays the exact record.
 */
export function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 §2.1: records end with CRLF. */
function csvLine(fields: unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvHeader(): string {
  return csvLine([...CSV_COLUMNS]);
}

export function csvRecord(doc: AuditEventDoc): string {
  return csvLine([
    doc._id,
    doc.seq,
    doc.time,
    doc.action,
    doc.outcome,
    doc.actor.type,
    doc.actor.id,
    doc.target?.type,
    doc.target?.id,
    doc.reason,
    doc.sourceIp,
    doc.requestId,
    doc.details === undefined ? undefined : JSON.stringify(doc.details),
  ]);
}

export function ndjsonRecord(doc: AuditEventDoc): string {
  return `${JSON.stringify(toView(doc))}\n`;
}

const CHUNK_CHARS = 64 * 1024;

/** The export as text chunks of about 64 KiB, header first for CSV; read lazily from `records`. */
export async function* exportChunks(
  records: AsyncIterable<AuditEventDoc>,
  format: ExportFormat,
): AsyncGenerator<string> {
  let chunk = format === 'csv' ? csvHeader() : '';
  const line = format === 'csv' ? csvRecord : ndjsonRecord;
  for await (const doc of records) {
    chunk += line(doc);
    if (chunk.length < CHUNK_CHARS) continue;
    yield chunk;
    chunk = '';
  }
  if (chunk) yield chunk;
}
