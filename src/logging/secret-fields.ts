// The one list of field names that hold secrets. The logger blanks them in every log line and
// the audit recorder in every stored or shipped record (src/audit/redaction.ts), so the two
// can never drift apart.
export const SECRET_FIELD_NAMES = [
  'token',
  'secret',
  'password',
  'apiKey',
  'key',
  'tokenHash',
  'keyHash',
  'privateKey',
  'clientSecret',
  'credentials',
  'secrets',
  'authorization',
  'cookie',
  'mongodbUri',
  'SAMLResponse',
] as const;

/** The names at the top level and one level down (`token`, `*.token`), as pino and @pinojs/redact write paths. */
export function redactPaths(names: readonly string[] = SECRET_FIELD_NAMES): string[] {
  return [...names, ...names.map((n) => `*.${n}`)];
}
