import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/index.js';

// The logger every process builds (src/cli/context.ts → src/logging/logger.ts): whatever a caller
// hands it, credentials never reach the line it writes.

const SCIM_TOKEN = 'rst_scim_neverInALogLine0000000000000000000000000';
const ADMIN_KEY = 'rst_key_neverInALogLine00000000000000000000000000';
const SESSION = 'roster_session=neverInALogLine';

function capture(): {
  logger: ReturnType<typeof createLogger>;
  lines: () => Record<string, any>[];
  text: () => string;
} {
  let written = '';
  const logger = createLogger('info', { write: (chunk: string) => void (written += chunk) });
  return {
    logger,
    text: () => written,
    lines: () =>
      written
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

/** What an HTTP client throws when an upstream (a SIEM endpoint, a connector) refuses a call. */
function upstreamError(): Error {
  const err = new Error('upstream answered 401');
  return Object.assign(err, {
    status: 401,
    token: SCIM_TOKEN,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    request: {
      method: 'POST',
      url: 'https://siem.example/ingest',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, cookie: SESSION },
    },
  });
}

describe('log redaction', () => {
  it('writes an error carrying an authorization header and a token without either secret', () => {
    const { logger, text, lines } = capture();
    logger.error({ err: upstreamError() }, 'shipping failed');
    expect(text()).not.toContain(SCIM_TOKEN);
    expect(text()).not.toContain(ADMIN_KEY);
    expect(text()).not.toContain(SESSION);
    const [line] = lines();
    // What is not a secret stays readable.
    expect(line.msg).toBe('shipping failed');
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'upstream answered 401',
      status: 401,
      token: '[REDACTED]',
    });
    expect(line.err.headers).toEqual({ authorization: '[REDACTED]', 'content-type': 'application/json' });
    expect(line.err.request).toMatchObject({
      url: 'https://siem.example/ingest',
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' },
    });
  });

  it('redacts the error when it is the first argument too', () => {
    const { logger, text, lines } = capture();
    logger.warn(upstreamError(), 'retrying');
    expect(text()).not.toContain(SCIM_TOKEN);
    expect(text()).not.toContain(ADMIN_KEY);
    expect(lines()[0].err.message).toBe('upstream answered 401');
  });

  it('redacts request headers and secret-named fields of any logged record', () => {
    const { logger, text, lines } = capture();
    logger.info(
      {
        req: {
          method: 'GET',
          url: '/scim/v2/acme/Users',
          headers: { authorization: `Bearer ${SCIM_TOKEN}`, cookie: SESSION },
        },
        res: { statusCode: 200, headers: { 'set-cookie': SESSION } },
        credential: { secret: ADMIN_KEY, apiKey: ADMIN_KEY, password: 'hunter2-but-longer', name: 'okta' },
        form: { SAMLResponse: 'PHNhbWxwOlJlc3BvbnNlIC8+', RelayState: 'r1' },
      },
      'request completed',
    );
    expect(text()).not.toContain(SCIM_TOKEN);
    expect(text()).not.toContain(ADMIN_KEY);
    expect(text()).not.toContain(SESSION);
    expect(text()).not.toContain('hunter2');
    expect(text()).not.toContain('PHNhbWxw');
    expect(lines()[0]).toMatchObject({
      req: { url: '/scim/v2/acme/Users', headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' } },
      res: { headers: { 'set-cookie': '[REDACTED]' } },
      credential: { secret: '[REDACTED]', apiKey: '[REDACTED]', password: '[REDACTED]', name: 'okta' },
      form: { SAMLResponse: '[REDACTED]', RelayState: 'r1' },
    });
  });
});
