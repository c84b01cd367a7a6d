import type { ErrorRequestHandler, Response } from 'express';
import { fromHttpError } from './http-errors.js';
import { RosterError, toRosterError } from './roster-error.js';

/** RFC 9457 problem details: the admin and authorization APIs' one error format. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId?: string;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function toProblem(error: RosterError, requestId?: string): Problem {
  return {
    type: `https://roster.dev/problems/${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.expose ? error.message : 'an internal error occurred; quote the request id to support',
    ...(error.expose ? error.details : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export function sendProblem(res: Response, error: RosterError): void {
  // 503 outages and 429 throttles say when to come back (RFC 9110 §10.2.3).
  const retryAfter = error.details.retryAfterSeconds;
  if (typeof retryAfter === 'number' && (error.status === 503 || error.status === 429))
    res.setHeader('retry-after', String(Math.ceil(retryAfter)));
  const requestId = String(res.getHeader('x-request-id') ?? '') || undefined;
  res.status(error.status).type('application/problem+json').json(toProblem(error, requestId));
}

/** Last error handler for problem+json routes: client errors are told, server errors are logged. */
export const problemErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const error = err instanceof RosterError ? err : (fromHttpError(err) ?? toRosterError(err));
  if (error.status >= 500) req.log?.error({ err }, 'request failed');
  if (res.headersSent) return;
  sendProblem(res, error);
};
