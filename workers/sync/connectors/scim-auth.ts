import { z } from 'zod';
import { ConnectorError } from './errors.js';
import { expectOk, type HttpClientOptions, type HttpSend } from './http.js';

// How the SCIM client authenticates: a static bearer token (RFC 6750 §2.1), or an OAuth 2.0
// client-credentials grant (RFC 6749 §4.4) whose access token is cached until shortly before
// `expires_in` runs out and refetched once when the target answers 401.

export const scimAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({
    type: z.literal('oauth2'),
    tokenUrl: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().optional(),
    /** client_secret_basic (RFC 6749 §2.3.1, which servers MUST support) or client_secret_post. */
    clientAuth: z.enum(['basic', 'body']).default('basic'),
  }),
]);
export type ScimAuthConfig = z.infer<typeof scimAuthSchema>;

export interface TokenSource {
  /** The Authorization header value. */
  header(): Promise<string>;
  /** Forgets a cached token after a 401; false when there is nothing to refetch (static token). */
  invalidate(): boolean;
  /** Secrets to scrub from error details. */
  secrets(): string[];
}

/** Tokens are refetched this long before they expire, so a request never races the expiry. */
const EXPIRY_SKEW_MS = 30_000;
const DEFAULT_EXPIRES_IN_S = 300;

export function createTokenSource(auth: ScimAuthConfig, http: HttpSend, options: HttpClientOptions): TokenSource {
  if (auth.type === 'bearer')
    return { header: async () => `Bearer ${auth.token}`, invalidate: () => false, secrets: () => [auth.token] };
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const source: TokenSource = {
    async header() {
      if (cached && cached.expiresAt > options.now()) return `Bearer ${cached.token}`;
      // One token request at a time, however many calls are waiting for it.
      pending ??= fetchToken(auth, http, options).then(
        (t) => {
          cached = t;
          pending = undefined;
          return t.token;
        },
        (e: unknown) => {
          pending = undefined;
          throw e;
        },
      );
      return `Bearer ${await pending}`;
    },
    invalidate: () => {
      cached = undefined;
      return true;
    },
    secrets: () => [auth.clientSecret, ...(cached ? [cached.token] : [])],
  };
  return source;
}

type OAuthConfig = Extract<ScimAuthConfig, { type: 'oauth2' }>;

function tokenRequest(auth: OAuthConfig): { headers: Record<string, string>; body: string } {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (auth.scope) form.set('scope', auth.scope);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (auth.clientAuth === 'body') {
    form.set('client_id', auth.clientId);
    form.set('client_secret', auth.clientSecret);
  } else {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    const pair = `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  return { headers, body: form.toString() };
}

async function fetchToken(
  auth: OAuthConfig,
  http: HttpSend,
  options: HttpClientOptions,
): Promise<{ token: string; expiresAt: number }> {
  const what = 'POST token endpoint';
  const response = await http({ method: 'POST', url: auth.tokenUrl, what, ...tokenRequest(auth) });
  // RFC 6749 §5.2: a bad client is 400 invalid_client or 401; both mean the credentials are wrong.
  if (response.status === 400 && /invalid_client|unauthorized_client|invalid_grant/.test(response.text)) {
    throw new ConnectorError('auth', `${what}: HTTP 400`, {
      status: 400,
      detail: 'token endpoint rejected the client credentials',
    });
  }
  const body = expectOk(response, what, options).json() as { access_token?: unknown; expires_in?: unknown };
  if (typeof body?.access_token !== 'string')
    throw new ConnectorError('permanent', `${what}: no access_token in the answer`);
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : DEFAULT_EXPIRES_IN_S;
  return { token: body.access_token, expiresAt: options.now() + Math.max(0, expiresIn * 1000 - EXPIRY_SKEW_MS) };
}
