// RFC 5424 syslog messages for audit records, and RFC 6587 §3.4.1 octet-counting framing (the
// framing RFC 5425 §4.3 requires over TLS). HEADER fields are PRINTUSASCII with length limits
// (§6.2); structured data carries the record's key facts so a receiver can parse them into fields
// without reading MSG (§6.3); MSG is JSON (with the UTF-8 BOM of §6.4) or a CEF line.
import { hostname as osHostname } from 'node:os';
import { categoryOf, type ShippableAudit } from '../siem-record.js';
import { toCef } from './cef.js';
import { toJsonPayload, type JsonFormat } from './json-payload.js';

/**
 * RFC 5424 §6.2.1 Table 1 facilities Roster offers. The default is 10 (security/authorization,
 * "authpriv"): audit records are authorization facts, and collectors such as rsyslog's default
 * rules and Sentinel's AMA syslog DCRs select authpriv for security content. 13 (log audit) is
 * the alternative for receivers that reserve it for audit trails.
 */
export const FACILITIES = {
  auth: 4,
  authpriv: 10,
  audit: 13,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;

/** §6.2.1 severities: routine changes are informational, failures notice, refusals warning. */
const SEVERITY: Record<string, number> = { success: 6, failure: 5, denied: 4 };

export interface Rfc5424Options {
  /** Facility number 0–23 (RFC 5424 Table 1); default 10. */
  facility?: number;
  hostname?: string;
  appName?: string;
  procId?: string;
  /** SD-ID of Roster's element; `name@<private enterprise number>` (§7.2.2). 32473 is the
   *  documentation PEN of RFC 5612: operators with their own PEN can substitute it. */
  sdId?: string;
  /** MSG body: a JSON schema (with BOM) or a CEF line (without BOM: CEF parsers match `CEF:` at the start). */
  payload?: JsonFormat | 'cef';
}

export const DEFAULT_SD_ID = 'roster@32473';
const BOM = '\uFEFF';

/** PRINTUSASCII (%d33-126) only, at most `max` chars, NILVALUE `-` when empty (§6.2). */
export function headerField(value: string | undefined, max: number): string {
  const clean = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

/** SD-NAME (§6.3.2): 1–32 PRINTUSASCII except `=`, SP, `]`, `"`. */
export function isSdName(name: string): boolean {
  return /^[\x21-\x7e]{1,32}$/.test(name) && !/[= \]"]/.test(name);
}

/** PARAM-VALUE (§6.3.3): `"`, `\` and `]` MUST be escaped with a backslash; the rest is UTF-8 as is. */
export function escapeSdValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

function sdParams(record: ShippableAudit): [string, string | undefined][] {
  return [
    ['id', record._id],
    ['tenant', record.tenantId],
    ['action', record.action],
    ['category', categoryOf(record.action)],
    ['outcome', record.outcome],
    ['actor', `${record.actor.type}:${record.actor.id}`],
    ['target', record.target ? `${record.target.type}:${record.target.id}` : undefined],
    ['seq', record.seq === undefined ? undefined : String(record.seq)],
    ['src', record.sourceIp],
    ['request_id', record.requestId],
  ];
}

function structuredData(record: ShippableAudit, sdId: string): string {
  if (!isSdName(sdId.split('@')[0] ?? '') || !isSdName(sdId))
    throw new TypeError(`invalid SD-ID ${JSON.stringify(sdId)} (RFC 5424 §6.3.2)`);
  const params = sdParams(record).filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  return `[${sdId}${params.map(([k, v]) => ` ${k}="${escapeSdValue(v)}"`).join('')}]`;
}

function message(record: ShippableAudit, payload: JsonFormat | 'cef'): string {
  return payload === 'cef' ? toCef(record) : BOM + JSON.stringify(toJsonPayload(record, payload));
}

/** One audit record as an RFC 5424 SYSLOG-MSG (§6), without transport framing. */
export function toRfc5424(record: ShippableAudit, options: Rfc5424Options = {}): string {
  const facility = options.facility ?? FACILITIES.authpriv;
  if (!Number.isInteger(facility) || facility < 0 || facility > 23)
    throw new RangeError(`syslog facility must be 0–23, got ${facility}`);
  const pri = facility * 8 + (SEVERITY[record.outcome] ?? 5);
  const header = [
    `<${pri}>1`,
    headerField(record.time, 64),
    headerField(options.hostname ?? osHostname(), 255),
    headerField(options.appName ?? 'roster', 48),
    headerField(options.procId ?? String(process.pid), 128),
    headerField(record.action, 32),
  ].join(' ');
  const data = structuredData(record, options.sdId ?? DEFAULT_SD_ID);
  return `${header} ${data} ${message(record, options.payload ?? 'ecs')}`;
}

/**
 * RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, where MSG-LEN counts OCTETS. Counting
 * UTF-16 code units instead truncates a message with multi-byte characters and corrupts the next
 * frame (verified against rsyslog, docs/outbound.md).
 */
export function frameOctetCounted(syslogMessage: string): Buffer {
  const body = Buffer.from(syslogMessage, 'utf8');
  return Buffer.concat([Buffer.from(`${body.byteLength} `, 'ascii'), body]);
}
