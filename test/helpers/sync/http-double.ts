import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../ports.js';

// A small node:http server on 127.0.0.1 port 0 for target doubles: it reads each body, records
// each request, counts how many are in flight at once, and hands them to a route function.

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
}

export type Route = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface HttpDouble {
  url: string;
  requests: RecordedRequest[];
  /** The most requests that were being answered at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string' || reply.body === undefined;
  const body = isText ? ((reply.body as string | undefined) ?? '') : JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...(isText ? {} : { 'content-type': 'application/json' }), ...reply.headers });
  res.end(body);
}

export async function startHttpDouble(route: Route): Promise<HttpDouble> {
  let inFlight = 0;
  const double: HttpDouble = { url: '', requests: [], maxInFlight: 0, close: async () => undefined };
  const server = createServer(async (req, res) => {
    double.maxInFlight = Math.max(double.maxInFlight, ++inFlight);
    try {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: await readBody(req),
      };
      double.requests.push(request);
      // Yield once, so overlapping client requests would really overlap here.
      await new Promise((resolve) => setImmediate(resolve));
      send(res, await route(request));
    } catch (error) {
      send(res, { status: 500, body: { message: String(error) } });
    } finally {
      inFlight--;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  double.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return double;
}

/**
 * A loopback port nobody listens on: for connection-refused tests. Outside the ephemeral range, so
 * no other test's server or outgoing connection gets it in the meantime (test/helpers/ports.ts).
 */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
