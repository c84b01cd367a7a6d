// What the HTTP shippers share: a fetch with a per-request deadline, Retry-After parsing, and the
// mapping of transport failures and HTTP statuses to ShipErrors. Node's global fetch (undici)
// keeps connections alive per origin by default, so consecutive batches reuse the socket.
import { ShipError } from './shipper.js';

export interface HttpRequest {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/** Sends a request; a refused connection, reset or deadline becomes a retryable ShipError. */
export async function send(target: string, request: HttpRequest): Promise<HttpReply> {
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.body as BodyInit | undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    // Reading the body is inside the try: a connection that dies mid-answer is a transport failure too.
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (err) {
    throw new ShipError(`${target}: ${transportReason(err)}`, { retryable: true, cause: err });
  }
}

function transportReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no response before the request timeout';
  return `could not reach the endpoint (${e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'network error'})`;
}

/** RFC 9110 §10.2.3 Retry-After: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** The ShipError for a non-2xx answer that concerns the whole batch (auth, throttling, 5xx, other 4xx). */
export function statusError(target: string, reply: HttpReply, detail = snippet(reply.text)): ShipError {
  const { status } = reply;
  const suffix = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403)
    return new ShipError(`${target} rejected the credentials (HTTP ${status})${suffix}`, {
      retryable: false,
      auth: true,
      status,
    });
  const wait = retryAfterMs(reply.headers);
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ShipError(`${target} answered HTTP ${status}${suffix}`, {
    retryable,
    status,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}

/** The first 200 characters of a response body, for messages (targets echo no secrets in errors). */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
