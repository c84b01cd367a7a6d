import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { adminQuery } from './pg-database.mjs';
import type { Tenant } from './workload.js';

// The three systems under test, each started fresh (empty store) for every run and stopped after.

export interface Running {
  tenants: Tenant[];
  members(groupId: string): Promise<number>;
  /** The server process's CPU time so far (user + system), in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
  /** Sends an IPC message and waits for the answer of type `answer` (bench/peers/profile.ts). */
  ask(message: Record<string, unknown>, answer: string): Promise<void>;
}

export interface System {
  name: string;
  start(): Promise<Running>;
}

function reply<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`server exited with ${code} before answering ${type}`));
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startChild(child: ChildProcess, after?: () => Promise<void>): Promise<Running> {
  const { tenants } = await reply<{ tenants: Tenant[] }>(child, 'ready');
  return {
    tenants,
    async members(groupId) {
      const answer = reply<{ count: number }>(child, 'members');
      child.send({ type: 'members', tenant: 0, groupId });
      return (await answer).count;
    },
    async cpuMs() {
      const answer = reply<{ micros: number }>(child, 'cpu');
      child.send({ type: 'cpu' });
      return (await answer).micros / 1000;
    },
    async ask(message, answer) {
      const answered = reply(child, answer);
      child.send(message);
      await answered;
    },
    async stop() {
      const stopped = reply(child, 'stopped');
      child.send({ type: 'stop' });
      await stopped;
      if (child.exitCode === null) await once(child, 'exit');
      await after?.();
    },
  };
}

const here = (file: string) => new URL(file, import.meta.url);
/** PEERS_ROSTER_NODE_ARGS: extra flags for Roster's server process (e.g. `--trace-gc`). */
const nodeArgs = () => (process.env.PEERS_ROSTER_NODE_ARGS ?? '').split(' ').filter(Boolean);

export const roster: System = {
  name: 'Roster (embedded)',
  start: () =>
    startChild(
      fork(here('./roster-server.ts'), [], { execArgv: ['--import', 'tsx', ...nodeArgs()], stdio: 'inherit' }),
    ),
};

export const polisMemory: System = {
  name: 'Polis (memory)',
  start: () => startChild(fork(here('./polis-server.mjs'), [JSON.stringify({ engine: 'mem' })], { stdio: 'inherit' })),
};

/** PostgreSQL at PEERS_PG_URL (default postgres://postgres@127.0.0.1:5432); a fresh database per run. */
export function polisPostgres(): System {
  const admin = process.env.PEERS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = 'roster_peers';
  const run = (sql: string) => adminQuery(admin, sql);
  return {
    name: 'Polis (PostgreSQL)',
    async start() {
      await run(`DROP DATABASE IF EXISTS ${database}`);
      await run(`CREATE DATABASE ${database}`);
      const url = new URL(admin);
      url.pathname = `/${database}`;
      const db = { engine: 'sql', type: 'postgres', url: url.toString() };
      const child = fork(here('./polis-server.mjs'), [JSON.stringify(db)], { stdio: 'inherit' });
      return startChild(child, () => run(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}
