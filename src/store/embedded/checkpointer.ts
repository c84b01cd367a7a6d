import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { StoreLogger } from '../store-logger.js';

// WAL checkpoints on a thread of their own. SQLite copies the WAL back into the database file
// when a commit finds the WAL past `wal_autocheckpoint` pages (1,000 by default), inside that
// commit, with an fsync of both files (sqlite.org/wal.html#ckpt): the request whose transaction
// happened to cross the line waited for it, and with it every request of the process, since the
// engine is synchronous. Measured with bench/peers (2,000 creates and 20 member PATCHes): 42–47
// commits over 3 ms, together 0.6–0.9 s, the longest 120–167 ms; without autocheckpoints 11–22,
// together 0.15 s. A PASSIVE checkpoint never waits for a lock and never blocks readers or the
// writer, so this thread can run one every few hundred milliseconds; durability is untouched
// (a commit is in the WAL before it is answered, as before). The writer keeps a high
// autocheckpoint as a bound on the WAL should this thread ever stop.

/** Pages the writer lets the WAL grow to before it checkpoints itself (the bound, not the rule). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/** The thread's code: plain CommonJS, so it runs without the TypeScript loader. */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next turn tries again */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the thread after its current checkpoint and closes its connection. */
  close(): Promise<void>;
}

export function startCheckpointer(
  file: string,
  intervalMs: number,
  onFailure: (err: unknown) => void,
  logger?: StoreLogger,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, intervalMs, driver } });
  // The thread never keeps the process alive: a process that ends without close() just loses
  // the checkpoint it had not run yet, which the next connection runs.
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (err) => {
    if (stopped) return;
    logger?.warn({ err }, 'WAL checkpoint thread failed; commits checkpoint the WAL themselves again');
    onFailure(err);
  });
  return {
    async close() {
      stopped = true;
      worker.ref(); // a caller awaiting close() waits for the thread, even with nothing else to do
      worker.postMessage('close');
      await exited;
    },
  };
}
