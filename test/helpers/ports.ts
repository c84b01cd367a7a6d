import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports for child processes (roster serve, rsyslogd, redis-server) that must be told a port before
// they bind it. Binding port 0 and releasing it races: the kernel hands the same port to the next
// bind(0) or outgoing connection of any process, often another test's, before the child binds it
// (the CEF-over-TLS flake in test/integration/siem/syslog.test.ts). So the port comes from outside
// the kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), which the kernel never
// assigns on its own: only another explicit choice can take it, and the choice is random over
// thousands of ports and checked free by a bind first.

const EPHEMERAL_FALLBACK: [number, number] = [32768, 60999]; // Linux's default range

function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low && high ? [low, high] : EPHEMERAL_FALLBACK;
  } catch {
    return EPHEMERAL_FALLBACK;
  }
}

/** The ports below the ephemeral range (above the well-known and common service ports), or above it. */
function candidateRange(): [number, number] {
  const [low, high] = ephemeralRange();
  if (low - 1 - 10_000 >= 2_000) return [10_000, low - 1];
  return [high + 1, 65_535];
}

/**
 * The Fetch standard's "bad ports" at or above 10,000 (fetch.spec.whatwg.org/#port-blocking): fetch()
 * and chromium refuse to connect to them ("bad port"), so a test server there is unreachable.
 */
const BLOCKED_BY_FETCH = new Set([10080]);

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port nothing listens on and the kernel will not hand out to anyone else on its own. */
export async function freePort(): Promise<number> {
  const [from, to] = candidateRange();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (!BLOCKED_BY_FETCH.has(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free loopback port in ${from}-${to} after 100 tries`);
}
