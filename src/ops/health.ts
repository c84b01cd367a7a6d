import { Router } from 'express';
import type { Redis } from 'ioredis';
import { HEARTBEAT_WINDOW_MS } from '../queue/index.js';
import type { Store } from '../store/index.js';

const PROBE_TIMEOUT_MS = 1500;

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (err) {
    return `unavailable: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export interface WorkerCheck {
  /** Fail readiness without a live heartbeat (this process runs workers, or ROSTER_READYZ_WORKERS=require). */
  required: boolean;
  alive: () => Promise<{ alive: number }>;
}

/** `ok` when some worker beat within the window (src/queue/heartbeat.ts). */
async function workersCheck(check: WorkerCheck): Promise<string> {
  let alive = 0;
  const answer = await probe(async () => {
    alive = (await check.alive()).alive;
  });
  if (answer !== 'ok') return answer;
  return alive > 0 ? 'ok' : `no worker heartbeat within ${HEARTBEAT_WINDOW_MS / 1000} s`;
}

/**
 * /healthz: the process is alive. /readyz: the store and Redis answer (503 naming the one that
 * does not), and the worker heartbeat is reported; it fails readiness only when required.
 */
export function createHealthRouter(deps: { store: Store; redis: Redis; workers?: WorkerCheck }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [store, redis, workers] = await Promise.all([
      probe(() => deps.store.ping()),
      probe(() => deps.redis.ping()),
      deps.workers ? workersCheck(deps.workers) : undefined,
    ]);
    const ready = store === 'ok' && redis === 'ok' && (!deps.workers?.required || workers === 'ok');
    const checks = { store, redis, ...(workers ? { workers } : {}) };
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
