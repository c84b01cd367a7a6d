import { ERROR_CODES, type ErrorCode } from './codes.js';

export interface RosterErrorOptions {
  /** Whether the message may be shown to the client. Defaults to true for 4xx, false for 5xx. */
  expose?: boolean;
  cause?: unknown;
  /** Machine-readable extras an edge may serialize (e.g. the offending key, a SCIM scimType). */
  details?: Record<string, unknown>;
}

/** The one base error of Roster: a stable code, the HTTP status it maps to, and whether to show it. */
export class RosterError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: RosterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RosterError';
    this.code = code;
    this.status = ERROR_CODES[code];
    this.expose = options.expose ?? this.status < 500;
    this.details = options.details ?? {};
  }
}

export function isRosterError(value: unknown): value is RosterError {
  return value instanceof RosterError;
}

/** Wraps anything thrown by a third party once, at the boundary where it enters. */
export function toRosterError(value: unknown): RosterError {
  if (value instanceof RosterError) return value;
  return new RosterError('internal', 'internal error', { cause: value, expose: false });
}
