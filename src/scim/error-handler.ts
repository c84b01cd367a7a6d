import type { ErrorRequestHandler, Request, Response } from 'express';
import { RosterError, toRosterError } from '../errors/index.js';
import { sendJson } from './respond.js';
import { scimError, scimTypeOf } from './scim-errors.js';

// The SCIM edge's one error serializer (RFC 7644 §3.12): every failure under /scim/v2 leaves
// as urn:ietf:params:scim:api:messages:2.0:Error with `status` as a string and, for 400 and
// 409, the scimType. A 5xx shows no internals.

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** body-parser's errors carry a status and a type; they are the client's, wrapped once here. */
function fromBodyParser(err: unknown): RosterError | undefined {
  const e = err as { status?: number; type?: string };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  // RFC 7644 §3.12: 413 carries no scimType (the RFC's own example in §3.7.4 has none).
  if (e.type === 'entity.too.large')
    return new RosterError('payload_too_large', 'the request body is larger than this server accepts');
  if (e.type === 'entity.parse.failed') return scimError('invalidSyntax', 'the request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return scimError('invalidSyntax', 'the request body must be UTF-8 JSON');
  return scimError('invalidSyntax', 'the request body could not be read');
}

export function toScimError(err: unknown): RosterError {
  return err instanceof RosterError ? err : (fromBodyParser(err) ?? toRosterError(err));
}

export function sendScimError(req: Request, res: Response, error: RosterError): void {
  if (error.status >= 500) req.log?.error({ err: error.cause ?? error }, 'scim request failed');
  if (res.headersSent) return;
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
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
