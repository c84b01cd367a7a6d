// What the HTTP shippers share: a POST with a per-request deadline, Retry-After parsing, and the
// mapping of transport failures and HTTP statuses to ShipErrors. Requests go through node:http /
// node:https with one keep-alive agent per protocol, so consecutive batches reuse the socket. (It
// was the global fetch: its web-stream body path copied each 1 MB batch into two fresh
// ArrayBuffers, which were 50 MiB of a backlog drain's RSS and a tenth of the shipper's CPU in
// bench/siem.ts; node:http writes the string body to the socket as it is.)
import { type ClientRequest, Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

// A free socket closes after 4 s idle, before common server keep-alive timeouts (Node's 5 s), so a
// batch rarely meets a socket the target is closing; when it does, the reset is a retryable failure.
const agents = {
  http: new HttpAgent({ keepAlive: true, timeout: 4000 }),
  https: new HttpsAgent({ keepAlive: true, timeout: 4000 }),
};

function webHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

function timeoutError(): Error {
  const err = new Error('request timeout');
  err.name = 'TimeoutError';
  return err;
}

/** Calls `done` once the request's body is all written (or the request was destroyed). */
function afterWritten(req: ClientRequest, done: () => void): void {
  if (req.writableFinished || req.destroyed) return done();
  req.once('finish', done);
  req.once('close', done);
}

/**
 * Sends a request; a refused connection, reset or deadline becomes a retryable ShipError. It
 * settles only once nothing reads `body` any more (written, or the request destroyed): the
 * delivery loop reuses a batch's buffer after its sends settled (batch-bytes.ts), and a target
 * may answer before it has read the whole body (an early 401 or 413).
 */
export function send(target: string, request: HttpRequest): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    /** The answer, once it is complete: what the request resolves with, even if the write then fails. */
    let answered: HttpReply | undefined;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (err: unknown) => {
      req?.destroy();
      const reply = answered;
      if (reply) return settle(() => resolve(reply));
      settle(() => reject(new ShipError(`${target}: ${transportReason(err)}`, { retryable: true, cause: err })));
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (err) {
      return fail(err);
    }
    const https = url.protocol === 'https:';
    req = (https ? httpsRequest : httpRequest)(
      url,
      { method: request.method ?? 'POST', headers: request.headers, agent: https ? agents.https : agents.http },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        // A connection that dies mid-answer is a transport failure too.
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('the connection closed during the response')));
        res.on('end', () => {
          const reply = {
            status: res.statusCode ?? 0,
            headers: webHeaders(res.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          };
          answered = reply;
          afterWritten(req!, () => settle(() => resolve(reply)));
        });
      },
    );
    const timer = setTimeout(() => {
      const err = timeoutError();
      fail(err);
      req?.destroy(err);
    }, request.timeoutMs);
    req.on('error', fail);
    req.end(request.body);
  });
}

function transportReason(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no response before the request timeout';
  const why = e?.code ?? e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'network error';
  return `could not reach the endpoint (${why})`;
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
