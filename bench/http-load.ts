import { Agent, request } from 'node:http';

// A keep-alive HTTP load generator run as a child process (forked by bench/authz.ts), so the
// server under test keeps its event loop to itself. N connections each send requests back to back.

interface Job {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  warmupMs: number;
  durationMs: number;
}

function send(job: Job, agent: Agent, target: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      job.method === 'GET'
        ? {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'GET',
            headers: job.headers,
          }
        : {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { ...job.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(job.method === 'GET' ? undefined : body);
  });
}

interface Counts {
  /** Every answered request, warm-up included (the server's CPU time covers them all). */
  all: number;
  done: number;
  statuses: Record<number, number>;
  measuring: boolean;
}

async function connection(job: Job, agent: Agent, offset: number, until: number, counts: Counts): Promise<void> {
  const target = new URL(job.url);
  for (let i = offset; Date.now() < until; i += job.connections) {
    const status = await send(job, agent, target, job.bodies[i % job.bodies.length]);
    counts.all++;
    if (!counts.measuring) continue;
    counts.done++;
    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
  }
}

async function run(job: Job): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const start = Date.now();
  const counts: Counts = { all: 0, done: 0, statuses: {}, measuring: false };
  const end = start + job.warmupMs + job.durationMs;
  setTimeout(() => (counts.measuring = true), job.warmupMs);
  let measuredFrom = 0;
  setTimeout(() => (measuredFrom = Date.now()), job.warmupMs);
  await Promise.all(Array.from({ length: job.connections }, (_, i) => connection(job, agent, i, end, counts)));
  const seconds = (Date.now() - measuredFrom) / 1000;
  agent.destroy();
  process.send!({ statuses: counts.statuses, perSecond: counts.done / seconds, requests: counts.all }, () =>
    process.exit(0),
  );
}

process.once('message', (job: Job) => void run(job));
