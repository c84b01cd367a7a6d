import type { ErrorCode } from './codes.js';
import { RosterError } from './roster-error.js';

// Errors thrown by Express itself and by body-parser (a body too large, not JSON, in an unknown
// charset; a %-escape in the path that does not decode) are the client's mistakes. They are told
// apart here, once, and every edge answers them in its own format with its own codes.

/** The codes one edge answers these errors with. */
export interface HttpErrorCodes {
  tooLarge: ErrorCode;
  /** A body that cannot be parsed. */
  unreadable: ErrorCode;
  /** A path that cannot be decoded. */
  badPath: ErrorCode;
}

export const GENERIC_HTTP_CODES: HttpErrorCodes = {
  tooLarge: 'payload_too_large',
  unreadable: 'invalid_input',
  badPath: 'invalid_input',
};

const MESSAGES: Record<string, string> = {
  'entity.too.large': 'the request body is larger than this server accepts',
  'entity.parse.failed': 'the request body is not valid JSON',
  'encoding.unsupported': 'the request body must be UTF-8',
  'charset.unsupported': 'the request body must be UTF-8',
  'parameters.too.many': 'the form has more fields than this server accepts',
};

/** RosterError for an Express or body-parser error, or undefined when `err` is not one. */
export function fromHttpError(err: unknown, codes: HttpErrorCodes = GENERIC_HTTP_CODES): RosterError | undefined {
  const e = err as { status?: number; type?: string };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  // router's decodeParam: a route parameter with a bad %-escape (RFC 3986 §2.1).
  if (err instanceof URIError)
    return new RosterError(codes.badPath, 'the request path is malformed: a %-escape in it does not decode', {
      cause: err,
    });
  if (e.type === 'entity.too.large') return new RosterError(codes.tooLarge, MESSAGES[e.type], { cause: err });
  const message = (e.type && MESSAGES[e.type]) || 'the request body could not be read';
  return new RosterError(codes.unreadable, message, { cause: err });
}
