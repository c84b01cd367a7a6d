import redact from '@pinojs/redact';
import { redactPaths, SECRET_FIELD_NAMES } from '../logging/index.js';

/** Paths blanked in every payload and audit record before it is stored or shipped. */
export const AUDIT_REDACT_PATHS = redactPaths();

const redactor = redact({ paths: AUDIT_REDACT_PATHS, censor: '[REDACTED]', serialize: false, strict: false });
const SECRET_NAMES: ReadonlySet<string> = new Set(SECRET_FIELD_NAMES);

/**
 * Whether a path of AUDIT_REDACT_PATHS (`name`, `*.name`) can apply: a secret name among the
 * keys of `value` or of one of its object (or array) values. The redactor copies the whole
 * value on every call (about 50 µs for a four-key payload, 20% of a 100-member SCIM PATCH,
 * which records 200 events and audit records), so values it would not change skip it.
 */
function mayHoldSecret(value: object): boolean {
  for (const key in value) {
    if (SECRET_NAMES.has(key)) return true;
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object')
      for (const inner in child) if (SECRET_NAMES.has(inner)) return true;
  }
  return false;
}

/**
 * The value with its secrets blanked: a redacted copy when a path applies, else the value
 * itself (the recorder stores or serializes it at once). The input is left as it is.
 */
export function redactSecrets<T>(value: T): T {
  if (value === null || typeof value !== 'object' || !mayHoldSecret(value)) return value;
  return redactor(value) as T;
}
