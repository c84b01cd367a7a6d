// The bench's HEC-compatible receiver, run as its own process (a SIEM is another machine; its
// parsing must not share the shipper's event loop). Like HEC it checks the token and parses every
// envelope of a body (one JSON object per line, as Roster and the raw loop send them), answers
// {"text":"Success","code":0}, and records arrival time − envelope `time` for the lag figure.
// IPC: the child sends { port } once; the parent sends 'reset', 'stats' or 'lags' and gets SinkStats
// back (lagsMs only for 'lags').
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkStats {
  events: number;
  bytes: number;
  /** Milliseconds from each event's `time` to its arrival, when recording lag. */
  lagsMs: number[];
  /** CPU time (user + system) this receiver spent since the last reset, in microseconds. */
  cpuMicros: number;
}

const token = `Splunk ${process.argv[2] ?? 'bench-token'}`;
let stats: SinkStats = { events: 0, bytes: 0, lagsMs: [], cpuMicros: 0 };
let cpuSince = process.cpuUsage();

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.headers.authorization !== token) return void res.writeHead(401).end('{"text":"Invalid token","code":4}');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const arrived = Date.now();
    stats.bytes += body.length;
    for (const line of body.split('\n')) {
      if (line === '') continue;
      const envelope = JSON.parse(line) as { time?: number; event?: unknown };
      if (envelope.event === undefined)
        return void res.writeHead(400).end('{"text":"Event field is required","code":12}');
      stats.events++;
      if (typeof envelope.time === 'number') stats.lagsMs.push(arrived - envelope.time * 1000);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
  });
});

server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message === 'reset') {
    stats = { events: 0, bytes: 0, lagsMs: [], cpuMicros: 0 };
    cpuSince = process.cpuUsage();
  }
  const cpu = process.cpuUsage(cpuSince);
  stats.cpuMicros = cpu.user + cpu.system;
  process.send!(message === 'lags' ? stats : { ...stats, lagsMs: [] });
});
process.on('disconnect', () => process.exit(0));
