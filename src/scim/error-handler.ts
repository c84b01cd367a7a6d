import type { ErrorRequestHandler, Request, Response } from 'express';
import { fromHttpError, type HttpErrorCodes, RosterError, toRosterError } from '../errors/index.js';
import { sendJson } from './respond.js';
import { scimTypeOf } from './scim-errors.js';

// The SCIM edge's one error serializer (RFC 7644 §3.12): every failure under /scim/v2 leaves
// as urn:ietf:params:scim:api:messages:2.0:Error with `status` as a string and, for 400 and
// 409, the scimType. A 5xx shows no internals.

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Express's and body-parser's errors, in SCIM's codes (RFC 7644 §3.12: 413 carries no scimType). */
const SCIM_HTTP_CODES: HttpErrorCodes = {
  tooLarge: 'payload_too_large',
  unreadable: 'scim_invalid_syntax',
  badPath: 'scim_invalid_syntax',
};

export function toScimError(err: unknown): RosterError {
  return err instanceof RosterError ? err : (fromHttpError(err, SCIM_HTTP_CODES) ?? toRosterError(err));
}

export function sendScimError(req: Request, res: Response, error: RosterError): void {
  if (error.status >= 500) req.log?.error({ err: error.cause ?? error }, 'scim request failed');
  if (res.headersSent) return;
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
  const retryAfter = error.details.retryAfterSeconds;
  if (typeof retryAfter === 'number' && (error.status === 503 || error.status === 429))
    res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
  const scimType = error.status === 400 || error.status === 409 ? scimTypeOf(error) : undefined;
  sendJson(res, error.status, {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    ...(scimType ? { scimType } : {}),
    detail: error.expose ? error.message : 'internal error; quote the x-request-id header to support',
  });
}

export const scimErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  sendScimError(req, res, toScimError(err));
};
