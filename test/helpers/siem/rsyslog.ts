// A real rsyslogd (Debian rsyslog + rsyslog-gnutls, see scripts/ensure-rsyslog.sh) as the syslog
// receiver of the SIEM tests: its own config, throwaway CA and certificates, work directory and
// pid file in a temp dir; plain TCP, TLS (RFC 5425, anonymous client) and mutual TLS
// (x509/certvalid) inputs on loopback ports; every message written as one JSON line with the
// parsed RFC 5424 fields and, through mmpstrucdata, the structured-data params as fields.
// Verified behaviour and pitfalls: docs/outbound.md
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports.js';
import { createCertificates, type TestCertificates } from './certificates.js';
import { rsyslogConfig } from './rsyslog-config.js';

export interface ReceivedSyslog {
  inputname: string;
  pri: string;
  timestamp: string;
  /** When rsyslogd received the message (its `timegenerated`, microseconds): for lag figures. */
  received: string;
  hostname: string;
  'app-name': string;
  procid: string;
  msgid: string;
  'structured-data': string;
  /** mmpstrucdata's parse of the structured data: SD-ID -> param -> value. */
  sd?: Record<string, Record<string, string>>;
  msg: string;
}

export interface Rsyslog {
  ports: { tcp: number; tls: number; mtls: number };
  certs: TestCertificates;
  /** Waits (bounded) until at least `count` messages arrived; returns all of them, oldest first. */
  readLines(count: number, timeoutMs?: number): Promise<ReceivedSyslog[]>;
  /** Waits (bounded) until a message with each of these record ids (SD param `id`) arrived. */
  waitForIds(ids: string[], timeoutMs?: number): Promise<ReceivedSyslog[]>;
  /** Every message received so far, oldest first. */
  received(): ReceivedSyslog[];
  /** rsyslogd's own messages (e.g. TLS refusals): in the foreground (-n) it writes them to stderr. */
  internalLog(): string;
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Polls `check` until it yields a value or the deadline passes (each wait is a short tick, not a guess). */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Only lines rsyslog has finished: it writes each record and its newline in pieces, so a read can
 * catch the last one half-written. Whatever follows the last newline waits for the next poll.
 */
function readJsonLines(file: string): ReceivedSyslog[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  return lines.filter((l) => l.trim() !== '').map(parseLine);
}

/** rsyslog writes the mmpstrucdata tree as a JSON string inside the jsonf line: parse it too. */
function parseLine(line: string): ReceivedSyslog {
  const record = JSON.parse(line) as Omit<ReceivedSyslog, 'sd'> & { sd?: string };
  const { sd, ...rest } = record;
  return sd ? { ...rest, sd: JSON.parse(sd) } : rest;
}

/** The audit record id a message carries in Roster's structured data element. */
export function recordId(line: ReceivedSyslog): string | undefined {
  return Object.values(line.sd ?? {})[0]?.id;
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGTERM'); // its own process group: spawned detached (setsid)
  } catch {
    return Promise.resolve();
  }
  return exited;
}

function assertInstalled(): void {
  try {
    execFileSync('rsyslogd', ['-v'], { stdio: 'pipe' });
  } catch {
    throw new Error('rsyslogd is not installed: run scripts/ensure-rsyslog.sh (as root) for the syslog tests');
  }
}

/** What rsyslogd writes when one of its inputs cannot bind its port: it keeps running without it. */
const BIND_FAILURE = /Could not create tcp listener|Address already in use/;

interface Launched {
  ports: Rsyslog['ports'];
  stderr: () => string;
  stop: () => Promise<void>;
}

/** rsyslogd listening on its three ports, or undefined when one of them was taken (it says so on stderr). */
async function launch(dir: string): Promise<Launched | undefined> {
  const ports = { tcp: await freePort(), tls: await freePort(), mtls: await freePort() };
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(conf, rsyslogConfig(dir, ports));
  execFileSync('rsyslogd', ['-N1', '-f', conf], { stdio: 'pipe' });
  const child = spawn('rsyslogd', ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const stop = () => stopProcessGroup(child);
  try {
    await waitFor(
      async () => {
        if (BIND_FAILURE.test(stderr)) return true;
        if (child.exitCode !== null) throw new Error(`rsyslogd exited (${child.exitCode}): ${stderr}`);
        const up = await Promise.all(Object.values(ports).map(canConnect));
        return up.every(Boolean) ? true : undefined;
      },
      15_000,
      'rsyslogd to listen',
    );
  } catch (err) {
    await stop();
    throw err;
  }
  if (!BIND_FAILURE.test(stderr)) return { ports, stderr: () => stderr, stop };
  await stop();
  return undefined;
}

/**
 * Starts a private rsyslogd and resolves once all three inputs accept connections. Call `stop()`
 * in afterAll: it ends rsyslogd's process group and removes the temp dir. A port another process
 * took between the choice and rsyslogd's bind (test/helpers/ports.ts makes that rare) means a
 * fresh start on other ports, not a receiver missing an input.
 */
export async function startRsyslog(): Promise<Rsyslog> {
  assertInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'roster-rsyslog-'));
  mkdirSync(join(dir, 'work'));
  mkdirSync(join(dir, 'out'));
  const certs = createCertificates(dir);
  let started: Launched | undefined;
  try {
    for (let attempt = 1; !started; attempt++) {
      started = await launch(dir);
      if (!started && attempt === 5) throw new Error('rsyslogd could not bind its ports in 5 starts');
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { ports, stderr } = started;
  const cleanup = async () => {
    await started!.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const out = join(dir, 'out', 'siem.jsonl');
  return {
    ports,
    certs,
    readLines: (count, timeoutMs = 10_000) =>
      waitFor(
        () => {
          const lines = readJsonLines(out);
          return lines.length >= count ? lines : undefined;
        },
        timeoutMs,
        `${count} syslog messages in rsyslog's output`,
      ),
    waitForIds: (ids, timeoutMs = 10_000) =>
      waitFor(
        () => {
          const found = ids.map((id) => readJsonLines(out).find((l) => recordId(l) === id));
          return found.every(Boolean) ? (found as ReceivedSyslog[]) : undefined;
        },
        timeoutMs,
        `syslog messages ${ids.join(', ')} in rsyslog's output`,
      ),
    received: () => readJsonLines(out),
    internalLog: stderr,
    stop: cleanup,
  };
}
