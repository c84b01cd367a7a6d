import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { SyncJob } from '../src/queue/index.js';
import { liveJobOptions } from '../workers/sync/enqueue.js';

// bench/sync-adds: this process's CPU per live sync job queued, by how many jobs share one
// addBulk pipeline (1, 8, 32): the figure behind workers/sync/live-batcher.ts. The jobs carry the
// engine's own options (delay, deduplication, retries), each on its own object.
// Run: node --import tsx bench/sync-adds.ts   (BENCH_ADD_JOBS, default 4,000 per size)

const JOBS = Number(process.env.BENCH_ADD_JOBS ?? 4_000);
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const queue = new Queue<SyncJob>('bench-sync-adds', { connection, prefix: `roster-bench:${randomUUID()}` });
const retry = { attempts: 8, backoffMs: 1000 };
let serial = 0;
const job = (): SyncJob => ({ tenantId: 't', connectorId: 'c', kind: 'user', objectId: `u${serial++}`, mode: 'live' });

/** CPU microseconds per job, adding JOBS jobs `perPipeline` at a time with 16 callers at once. */
async function cpuPerJob(perPipeline: number): Promise<number> {
  const started = process.cpuUsage();
  let left = JOBS;
  const caller = async () => {
    while (left > 0) {
      const jobs = Array.from({ length: Math.min(perPipeline, left) }, job);
      left -= jobs.length;
      await queue.addBulk(jobs.map((data) => ({ name: data.kind, data, opts: liveJobOptions(data, 250, retry) })));
    }
  };
  await Promise.all(Array.from({ length: 16 }, caller));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / JOBS;
}

await cpuPerJob(1); // warm-up: scripts loaded, code optimized
const one = await cpuPerJob(1);
const figures: Record<string, number> = { jobs: JOBS, cpuUsPerJobAlone: Math.round(one) };
for (const size of [8, 32]) {
  const us = await cpuPerJob(size);
  figures[`cpuUsPerJobIn${size}`] = Math.round(us);
  figures[`ratioIn${size}`] = Number((us / one).toFixed(2));
}
console.log(JSON.stringify(figures, null, 2));
await queue.obliterate({ force: true });
await queue.close();
await connection.quit();
