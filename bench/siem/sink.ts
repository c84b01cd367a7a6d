// Parent side of the bench receivers: the HEC sink child process (hec-sink.ts) and a line counter
// over rsyslog's output file (each delivered message is one JSON line there).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { openSync, readSync, closeSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SinkStats } from './hec-sink.js';

export interface HecSink {
  url: string;
  request(message: 'reset' | 'stats' | 'lags'): Promise<SinkStats>;
  /** Resolves once the sink has parsed at least `events` events since the last reset. */
  waitFor(events: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHecSink(token: string): Promise<HecSink> {
  const child = fork(fileURLToPath(new URL('./hec-sink.ts', import.meta.url)), [token], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  const request = async (message: 'reset' | 'stats' | 'lags') => {
    const reply = once(child, 'message');
    child.send(message);
    return (await reply)[0] as SinkStats;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    request,
    async waitFor(events) {
      while ((await request('stats')).events < events) await new Promise((r) => setTimeout(r, 5));
    },
    async close() {
      child.disconnect();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** Counts the lines of a growing file, reading only what was appended since the last call. */
export function lineCounter(file: string): () => number {
  let offset = 0;
  let lines = 0;
  const buffer = Buffer.alloc(1 << 20);
  return () => {
    if (!existsSync(file)) return 0;
    const fd = openSync(file, 'r');
    try {
      for (
        let n = readSync(fd, buffer, 0, buffer.length, offset);
        n > 0;
        n = readSync(fd, buffer, 0, buffer.length, offset)
      ) {
        for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
        offset += n;
      }
    } finally {
      closeSync(fd);
    }
    return lines;
  };
}

/** Polls `done` every 5 ms (a tick, not a guess at how long it takes). */
export async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
