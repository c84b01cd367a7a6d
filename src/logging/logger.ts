import { pino, type Logger } from 'pino';

import { redactPaths } from './secret-fields.js';

export type { Logger };

/** Paths never written to a log line: credentials in headers, bodies and our own records. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  // Errors thrown by HTTP clients carry the request they failed on (err.headers,
  // err.request.headers, err.config.headers): credentials one or two levels down.
  '*.headers.authorization',
  '*.headers.cookie',
  '*.*.headers.authorization',
  '*.*.headers.cookie',
  ...redactPaths(),
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' } }, destination);
}
