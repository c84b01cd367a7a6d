// The backlog drain of bench/siem.ts in its own process, so its RSS is the shipper's alone: opens
// the bench's store (ROSTER_DATA_DIR, ROSTER_REDIS_PREFIX), runs the real delivery loop until the
// stream's durable cursor reaches the target sequence, sampling process.memoryUsage().rss every
// 10 ms; reports seconds, the sampled peak and the kernel's high-water mark of this process's RSS
// (VmHWM in /proc/self/status: getrusage's maxrss is no good here, Linux carries the parent's
// high-water mark over fork and exec, so it reported the bench process's RSS, up to 530 MiB).
// Usage: node --import tsx bench/siem/drain.ts <tenantId> <streamId> <targetSeq>
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createRuntime } from '../../src/runtime.js';
import { loadStream } from '../../src/siem-streams/index.js';
import { boundHeapGrowth } from '../../workers/index.js';
import { createSiemDelivery } from '../../workers/siem/index.js';

const [tenantId, streamId, target] = process.argv.slice(2);
const runtime = await createRuntime(loadConfig({}, process.env as Record<string, string>), createLogger('silent'), {
  ttlSweepSeconds: 0,
});
// As every process that runs the workers does (workers/index.ts), so this is a worker's footprint.
boundHeapGrowth(runtime.config.workerHeapGrowthPercent);
const startRss = process.memoryUsage().rss;
let peak = startRss;
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) {
    peak = rss;
    atPeak = process.memoryUsage(); // what the peak is made of: V8 heap, external, the rest (SQLite, code)
  }
}, 10);
const delivery = createSiemDelivery(runtime);
const started = performance.now();
delivery.start();
for (;;) {
  const doc = await loadStream(runtime.store, tenantId, streamId);
  if ((doc?.cursor ?? 0) >= Number(target)) break;
  await new Promise((r) => setTimeout(r, 50));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
await delivery.stop();
await runtime.close();
/** This process's own RSS high-water mark in bytes (Linux), else getrusage's. */
function highWaterRss(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024;
}
process.send!({ seconds, startRss, peakRss: peak, maxRss: highWaterRss(), atPeak });
process.disconnect();
