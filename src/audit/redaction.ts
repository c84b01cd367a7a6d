import redact from '@pinojs/redact';
import { redactPaths } from '../logging/index.js';

/** Paths blanked in every payload and audit record before it is stored or shipped. */
export const AUDIT_REDACT_PATHS = redactPaths();

const redactor = redact({ paths: AUDIT_REDACT_PATHS, censor: '[REDACTED]', serialize: false, strict: false });

/** A redacted copy; the input is left as it is. */
export function redactSecrets<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  return redactor(value) as T;
}
