import { loadConfig } from '../../../config/index.js';
import { createLogger } from '../../../src/logging/index.js';
import { createRuntime } from '../../../src/runtime.js';
import { startWorkers } from '../../../workers/index.js';

// A `roster worker` as a child process for crash tests: the same runtime and workers, configured
// by the environment the test passes (temp data dir, Redis prefix, sync settings).
const config = loadConfig();
const runtime = await createRuntime(config, createLogger(process.env.ROSTER_TEST_LOG_LEVEL ?? 'silent'));
const workers = await startWorkers(runtime);
// Peak resident set size, for bench/sync.ts.
let peakRss = process.memoryUsage.rss();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 200).unref();
process.on('message', (message) => {
  if (message === 'rss') process.send?.({ peakRss });
});
process.send?.('ready');
process.once('SIGTERM', async () => {
  await workers.stop();
  await runtime.close();
  process.exit(0);
});
