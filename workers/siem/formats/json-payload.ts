// The JSON schemas a stream can choose for its payload, and one dispatcher over them.
import { toPlainRecord, type ShippableAudit } from '../siem-record.js';
import { toEcs } from './ecs.js';
import { ecsJson } from './ecs-json.js';
import { toOcsf } from './ocsf.js';

export const JSON_FORMATS = ['ecs', 'ocsf', 'raw'] as const;
export type JsonFormat = (typeof JSON_FORMATS)[number];

/** One record as the JSON object of the chosen schema. */
export function toJsonPayload(record: ShippableAudit, format: JsonFormat): Record<string, unknown> {
  if (format === 'ecs') return toEcs(record);
  if (format === 'ocsf') return toOcsf(record);
  return toPlainRecord(record);
}

/** JSON.stringify(toJsonPayload(record, format)); ECS is written directly (ecs-json.ts), the hot default. */
export function jsonPayloadText(record: ShippableAudit, format: JsonFormat): string {
  return format === 'ecs' ? ecsJson(record) : JSON.stringify(toJsonPayload(record, format));
}
