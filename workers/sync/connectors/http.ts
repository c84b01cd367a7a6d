import { classifyResponse, ConnectorError, networkError } from './errors.js';

// The one HTTP call of the fetch-based connectors (SCIM, webhook, REST). Node's fetch (undici)
// keeps connections alive per origin by default; each request gets its own timeout.

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
  headers: Headers;
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

/** Sends one request; resolves with any HTTP answer, throws a transient ConnectorError on network failure. */
export function createHttp(options: HttpClientOptions): HttpSend {
  return async (request) => {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      throw networkError(request.what, cause);
    }
    const text = await response.text().catch((cause: unknown) => {
      throw networkError(request.what, cause);
    });
    return { status: response.status, headers: response.headers, text, json: () => parseJson(text, request.what) };
  };
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
