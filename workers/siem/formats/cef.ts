// ArcSight Common Event Format (CEF) 0 form of an audit record: "Implementing ArcSight CEF"
// (Micro Focus, rev. 25): header fields escape `\` and `|`; extension values escape `\` and `=`
// and carry newlines as `\n` / `\r`. Keys are the ones Microsoft Sentinel maps to
// CommonSecurityLog columns ("CEF and CommonSecurityLog field mapping": act → DeviceAction,
// suser → SourceUserName, duser → DestinationUserName, src → SourceIP, externalId → ExternalID).
import {
  ROSTER_VERSION,
  categoryOf,
  describeAction,
  targetGroupOf,
  targetUserOf,
  type ShippableAudit,
} from '../siem-record.js';

/** CEF severity 0–10: routine changes are Low, failures Medium, refusals one step higher. */
const SEVERITY: Record<string, number> = { success: 3, failure: 5, denied: 6 };

/** Header fields: backslash and pipe are escaped; a header cannot span lines, so newlines become spaces. */
export function escapeCefHeader(value: string): string {
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** Extension values: backslash and equals are escaped, CR/LF written as the two-character `\r` / `\n`. */
export function escapeCefValue(value: string): string {
  return value
    .replace(/[\\=]/g, (c) => `\\${c}`)
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

function extensionPairs(record: ShippableAudit): [string, string | number | undefined][] {
  const group = targetGroupOf(record);
  return [
    ['rt', Date.parse(record.time)],
    ['externalId', record._id],
    ['act', record.action],
    ['cat', categoryOf(record.action)],
    ['outcome', record.outcome],
    ['reason', record.reason],
    ['suser', record.actor.id],
    ['duser', targetUserOf(record)?.id],
    ['src', record.sourceIp],
    ['cs1Label', 'tenant'],
    ['cs1', record.tenantId],
    ['cs2Label', 'actorType'],
    ['cs2', record.actor.type],
    ['cs3Label', 'target'],
    ['cs3', record.target ? `${record.target.type}:${record.target.id}` : undefined],
    ['cs4Label', 'requestId'],
    ['cs4', record.requestId],
    ['cs5Label', 'group'],
    ['cs5', group?.id],
    ['cn1Label', 'seq'],
    ['cn1', record.seq],
  ];
}

/** Pairs whose value is absent are left out together with their label. */
function extension(record: ShippableAudit): string {
  const pairs = extensionPairs(record);
  const present = new Set(pairs.filter(([, v]) => v !== undefined && v !== '').map(([k]) => k));
  return pairs
    .filter(([k, v]) => (k.endsWith('Label') ? present.has(k.slice(0, -'Label'.length)) : v !== undefined && v !== ''))
    .map(([k, v]) => `${k}=${escapeCefValue(String(v))}`)
    .join(' ');
}

/** One audit record as a CEF:0 line (pure; no syslog header, see rfc5424.ts for transport). */
export function toCef(record: ShippableAudit, productVersion: string = ROSTER_VERSION): string {
  const header = [
    'Roster',
    'Roster',
    productVersion,
    record.action,
    describeAction(record.action),
    String(SEVERITY[record.outcome] ?? 5),
  ];
  return `CEF:0|${header.map(escapeCefHeader).join('|')}|${extension(record)}`;
}
