import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { classifyResponse, ConnectorError, networkError, type HeaderSource } from './errors.js';

// The one HTTP call of the fetch-free connectors (SCIM, webhook, REST): node:http(s) with a
// keep-alive agent per connector instance, so a sync run reuses a few connections to its target
// instead of opening one per call. node:http rather than fetch: the sync workers make thousands
// of small calls a second and fetch's WHATWG streams and per-call AbortSignal cost several times
// the CPU of a plain request (bench/sync.ts profile). Each request gets its own timeout, which
// covers the answer's body too.

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as is; JSON callers stringify first. */
  body?: string;
  /** Short name for messages, e.g. "POST /Users". */
  what: string;
}

export interface HttpResponse {
  status: number;
  headers: HeaderSource;
  text: string;
  json(): unknown;
}

export interface HttpClientOptions {
  timeoutMs: number;
  /** Values never to show in error details (tokens, client secrets). */
  secrets: () => readonly string[];
  now: () => number;
}

export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

function parseJson(text: string, what: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConnectorError('permanent', `${what}: response is not JSON`, { detail: text.slice(0, 100), cause });
  }
}

/** Header lookup by any case over node's lower-cased header object (RFC 9110 §5.1). */
function headerSource(headers: IncomingHttpHeaders): HeaderSource {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Calls kept open to one target at a time, per connector instance and process. */
const MAX_SOCKETS = 64;

/** Sends one request; resolves with any HTTP answer, throws a transient ConnectorError on network failure. */
export function createHttp(options: HttpClientOptions): HttpSend {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  };
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const fail = (cause: unknown) => settle(() => reject(networkError(request.what, cause)));
      const timer = setTimeout(() => {
        const timeout = Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { name: 'TimeoutError' });
        req?.destroy(timeout);
        fail(timeout);
      }, options.timeoutMs);
      let req: ReturnType<typeof httpRequest> | undefined;
      try {
        const url = new URL(request.url);
        const secure = url.protocol === 'https:';
        const headers: Record<string, string | number> = { ...request.headers };
        if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
        req = (secure ? httpsRequest : httpRequest)(
          url,
          { method: request.method, headers, agent: secure ? agents.https : agents.http },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', fail);
            // A connection closed before the body ended is a network failure, never an answer.
            res.on('close', () => {
              if (!res.complete) fail(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
            });
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const response: HttpResponse = {
                status: res.statusCode ?? 0,
                headers: headerSource(res.headers),
                text,
                json: () => parseJson(text, request.what),
              };
              settle(() => resolve(response));
            });
          },
        );
      } catch (cause) {
        // A URL or header value node refuses to send (a configuration error, not a network one).
        settle(() =>
          reject(new ConnectorError('permanent', `${request.what}: ${(cause as Error).message}`, { cause })),
        );
        return;
      }
      req.on('error', fail);
      req.end(request.body);
    });
}

/** Throws the classified ConnectorError unless the answer is 2xx (or listed in `alsoOk`). */
export function expectOk(
  response: HttpResponse,
  what: string,
  options: HttpClientOptions,
  alsoOk: number[] = [],
): HttpResponse {
  if ((response.status >= 200 && response.status < 300) || alsoOk.includes(response.status)) return response;
  throw classifyResponse(
    { status: response.status, headers: response.headers, body: response.text },
    what,
    options.secrets(),
    options.now(),
  );
}
