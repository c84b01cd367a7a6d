// A loopback node:http server for the SIEM receiver doubles: port 0, body collected (and gunzipped
// when the client says so), and a way to stop answering so clients see a refused connection.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: ReceivedRequest, res: ServerResponse) => void;

export interface LoopbackServer {
  url: string;
  /** Stops listening and drops open keep-alive connections: the next request is refused. */
  refuse(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

/** `port` 0 (default) picks a free one; a fixed port lets a test bring a refused address back up. */
export async function startLoopbackServer(handler: Handler, port = 0): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        try {
          handler(
            { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body },
            res,
          );
        } catch {
          if (!res.headersSent) sendJson(res, 400, { error: 'the receiver could not parse the body' });
        }
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  let closed = false;
  const stop = async () => {
    if (closed) return;
    closed = true;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await done;
  };
  return { url: `http://127.0.0.1:${bound}`, refuse: stop, close: stop };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** A scripted failure: answer `status` (with Retry-After seconds) to the next `times` requests. */
export interface ScriptedFailure {
  status: number;
  times?: number;
  retryAfter?: number;
  body?: unknown;
}

/** Takes one use of the first scripted failure, if any is left. */
export function takeFailure(queue: ScriptedFailure[]): ScriptedFailure | undefined {
  const next = queue[0];
  if (!next) return undefined;
  next.times = (next.times ?? 1) - 1;
  if (next.times <= 0) queue.shift();
  return next;
}

export function sendFailure(res: ServerResponse, failure: ScriptedFailure): void {
  const headers: Record<string, string> =
    failure.retryAfter === undefined ? {} : { 'Retry-After': String(failure.retryAfter) };
  sendJson(res, failure.status, failure.body ?? { text: 'scripted failure' }, headers);
}
