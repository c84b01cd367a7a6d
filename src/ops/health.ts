import { Router } from 'express';
import type { Redis } from 'ioredis';
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

/** /healthz: the process is alive. /readyz: the store and Redis answer (503 naming the one that does not). */
export function createHealthRouter(deps: { store: Store; redis: Redis }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [store, redis] = await Promise.all([probe(() => deps.store.ping()), probe(() => deps.redis.ping())]);
    const ready = store === 'ok' && redis === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: { store, redis } });
  });
  return router;
}
