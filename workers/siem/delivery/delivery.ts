// The SIEM delivery supervisor of one worker process: every scanMs it lists the active streams
// and, for each one no process ships, takes the stream's Redis lease (lease.ts) and pumps it
// (stream-pump.ts) while renewing the lease. Several `roster worker` processes share the streams
// this way; none ships a stream another holds. The backlog stays in the store, so a process that
// dies loses nothing: its lease expires and another process continues from the durable cursor.
import type { Recorder } from '../../../src/audit/index.js';
import type { SecretBox } from '../../../src/credentials/index.js';
import type { Logger } from '../../../src/logging/index.js';
import type { Redis } from '../../../src/redis/index.js';
import { listActiveStreams, type SiemStreamDoc } from '../../../src/siem-streams/index.js';
import type { Store } from '../../../src/store/index.js';
import { DEFAULT_DELIVERY, type DeliveryContext, type DeliveryOptions } from './context.js';
import { createLease, streamLeaseKey, type Lease } from './lease.js';
import { pumpStream } from './stream-pump.js';
import { pause } from './backoff.js';

export interface SiemDeliveryDeps {
  store: Store;
  recorder: Recorder;
  redis: Redis;
  secretBox(): Promise<SecretBox>;
  logger: Logger;
  now?: () => Date;
}

export interface SiemDelivery {
  start(): void;
  /** Looks once for streams to ship (what the loop does every scanMs). */
  scanOnce(): Promise<void>;
  /** Resolves after the next full scan has finished. */
  nextScan(): Promise<void>;
  /** Ids of the streams this process ships right now. */
  shipping(): string[];
  stop(): Promise<void>;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

export function createSiemDelivery(deps: SiemDeliveryDeps, overrides: Partial<DeliveryOptions> = {}): SiemDelivery {
  const options: DeliveryOptions = { ...DEFAULT_DELIVERY, ...overrides };
  const stopping = new AbortController();
  const running = new Map<string, Running>();
  let waiters: (() => void)[] = [];
  let loop: Promise<void> | undefined;

  function keepLease(lease: Lease, controller: AbortController): () => void {
    const timer = setInterval(() => {
      lease.renew().then(
        (held) => held || controller.abort(),
        () => controller.abort(),
      );
    }, options.leaseTtlMs / 3);
    return () => clearInterval(timer);
  }

  async function startPump(doc: SiemStreamDoc, box: SecretBox): Promise<void> {
    const lease = createLease(deps.redis, streamLeaseKey(doc.tenantId, doc._id), options.leaseTtlMs);
    if (!(await lease.acquire())) return;
    const controller = new AbortController();
    const onStop = () => controller.abort();
    stopping.signal.addEventListener('abort', onStop, { once: true });
    const stopRenewing = keepLease(lease, controller);
    const ctx: DeliveryContext = {
      store: deps.store,
      recorder: deps.recorder,
      box,
      logger: deps.logger,
      options,
      now: deps.now ?? (() => new Date()),
      signal: controller.signal,
    };
    const done = pumpStream(ctx, doc).finally(async () => {
      stopRenewing();
      stopping.signal.removeEventListener('abort', onStop);
      running.delete(doc._id);
      await lease.release().catch(() => {});
    });
    running.set(doc._id, { controller, done });
  }

  async function scanOnce(): Promise<void> {
    const box = await deps.secretBox();
    for (const doc of await listActiveStreams(deps.store)) {
      if (stopping.signal.aborted) break;
      if (!running.has(doc._id)) await startPump(doc, box);
    }
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  }

  async function run(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        await scanOnce();
      } catch (err) {
        deps.logger.error({ err }, 'SIEM delivery scan failed; retrying');
      }
      await pause(options.scanMs, stopping.signal);
    }
  }

  return {
    start() {
      loop ??= run();
    },
    scanOnce,
    nextScan: () => new Promise<void>((resolve) => waiters.push(resolve)),
    shipping: () => [...running.keys()],
    async stop() {
      stopping.abort();
      await loop;
      await Promise.all([...running.values()].map((r) => r.done));
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}
