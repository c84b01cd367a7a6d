import { Agent, request } from 'node:http';

// The client side of bench/scim.ts: what an IdP's provisioning engine does, N keep-alive
// connections each sending its next request as soon as the previous one is answered.

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

export interface HttpClient {
  send(method: string, url: string, body?: unknown): Promise<Reply>;
  close(): void;
}

export function createClient(token: string | undefined, connections: number): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    send(method, url, body) {
      const target = new URL(url);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: `${target.pathname}${target.search}`,
            method,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(payload !== undefined
                ? { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(payload) }
                : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
                ms: performance.now() - started,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Runs `work` for 0…count-1 on `connections` concurrent lanes; returns the elapsed seconds. */
export async function runLanes(
  count: number,
  connections: number,
  work: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(connections, count) }, lane));
  return (performance.now() - started) / 1000;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];
}

export function expectStatus(reply: Reply, expected: number, what: string): void {
  if (reply.status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${reply.status}: ${reply.body.slice(0, 300)}`);
}
