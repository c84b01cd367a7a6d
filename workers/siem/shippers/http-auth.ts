// Credential headers of the HTTP shippers, built in one place so no shipper formats a secret itself.
import { z } from 'zod';
import { secret } from './config-parts.js';

export const elasticAuth = z.union(
  [
    z.strictObject({ apiKey: secret('the Elasticsearch API key (the base64 "encoded" value)') }),
    z.strictObject({ username: secret('a user name'), password: secret('a password') }),
  ],
  { error: 'expected auth as {apiKey} or {username, password}' },
);

export const webhookAuth = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('bearer'), token: secret('the bearer token') }),
    z.strictObject({
      type: z.literal('header'),
      name: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected an HTTP header name (RFC 9110 §5.6.2 token)'),
      value: secret('the header value'),
    }),
  ],
  { error: 'expected auth.type none, bearer or header' },
);

/** Elasticsearch "API key authentication" (`ApiKey <encoded>`) or RFC 7617 basic. */
export function elasticAuthHeader(auth: z.output<typeof elasticAuth>): Record<string, string> {
  if ('apiKey' in auth) return { Authorization: `ApiKey ${auth.apiKey}` };
  return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
}

export function webhookAuthHeader(auth: z.output<typeof webhookAuth>): Record<string, string> {
  if (auth.type === 'bearer') return { Authorization: `Bearer ${auth.token}` };
  if (auth.type === 'header') return { [auth.name]: auth.value };
  return {};
}
