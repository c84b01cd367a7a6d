import { createHash } from 'node:crypto';

// CloudEvents 1.0 structured-mode JSON envelopes (CloudEvents spec §3 "Context Attributes";
// JSON Event Format §3 "Envelope"). Event types follow the directory-sync names receivers already
// know from WorkOS and Ory Polis: user.created, group.user_added, …

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: unknown;
}

/** JSON with sorted keys, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Without an id from the engine, the id is derived from (type, subject, content): a retried
 * delivery of the same change carries the same id, so receivers can drop duplicates
 * (CloudEvents §3.1.1: source + id identify an event).
 */
export function derivedEventId(type: string, subject: string, data: unknown): string {
  return `evt_${createHash('sha256')
    .update(`${type}\n${subject}\n${canonical(data)}`)
    .digest('hex')
    .slice(0, 32)}`;
}

export function cloudEvent(fields: {
  id?: string;
  source: string;
  type: string;
  subject: string;
  data: unknown;
  now: number;
}): CloudEvent {
  return {
    specversion: '1.0',
    id: fields.id ?? derivedEventId(fields.type, fields.subject, fields.data),
    source: fields.source,
    type: fields.type,
    subject: fields.subject,
    time: new Date(fields.now).toISOString(),
    datacontenttype: 'application/json',
    data: fields.data,
  };
}
