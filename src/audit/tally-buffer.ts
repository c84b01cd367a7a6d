import { setImmediate } from 'node:timers/promises';
import type { Store } from '../store/index.js';
import type { Recorder } from './recorder.js';
import { decisionKey, MINUTE_MS, type RepeatedAudit } from './repeated.js';
import type { AuditInput } from './types.js';

// Repeats of one decision (Recorder.recordRepeated, src/audit/repeated.ts) are counted in memory and written together:
// a write per repeat would cost a disk commit per denied request (about 1.4 ms on the embedded
// engine), which a looping client could turn into load. The first occurrence of a record in a
// minute is always written before the caller goes on, so every denial is on disk at once; only
// the repeat count of the last `flushMs` can be lost if the process dies.

export interface TallyBuffer {
  add(tenantId: string, audit: AuditInput[]): Promise<void>;
  /** Writes the pending repeat counts (also done `flushMs` after the first pending one). */
  flush(): Promise<void>;
}

interface Pending {
  tenantId: string;
  entry: AuditInput;
  /** decisionKey(entry), computed once. */
  key: string;
  count: number;
  /** The last repeat counted: the flush files the count under its minute, not the flush's. */
  at: Date;
}

/** Past this many distinct records in one minute, repeats are written at once (memory stays bounded). */
const MAX_KEYS = 10_000;

type WriteFirsts = (tenantId: string, items: RepeatedAudit[]) => Promise<void>;

/**
 * The first occurrences that requests of one event-loop turn bring are written in one
 * recordRepeated call (one existence read, one sequence update, one insert of all rows) rather
 * than a transaction each; every caller still waits for the commit that holds its rows.
 */
function batchedFirsts(deps: { store: Store; recorder: Recorder }): WriteFirsts & { settled(): Promise<void> } {
  const open = new Map<string, { items: RepeatedAudit[]; written: Promise<void> }>();
  const write = (tenantId: string, items: RepeatedAudit[]) => {
    let batch = open.get(tenantId);
    if (!batch) {
      const created = { items: [] as RepeatedAudit[], written: Promise.resolve() };
      created.written = setImmediate().then(() => {
        open.delete(tenantId);
        return deps.recorder.recordRepeated(deps.store, tenantId, created.items);
      });
      open.set(tenantId, created);
      batch = created;
    }
    batch.items.push(...items);
    return batch.written;
  };
  /** Once the batches still waiting for their turn are written (a flush before the store closes). */
  const settled = async () => {
    await Promise.allSettled([...open.values()].map((batch) => batch.written));
  };
  return Object.assign(write, { settled });
}

export function createTallyBuffer(deps: {
  store: Store;
  recorder: Recorder;
  now: () => Date;
  flushMs?: number;
}): TallyBuffer {
  const flushMs = deps.flushMs ?? 1000;
  let minute = Number.NaN;
  // In-memory keys are the plain tenant × action × decision key: the row id's hash
  // (repeatedId) is only needed for what is written, and the recorder computes it then.
  let seen = new Set<string>();
  let pending = new Map<string, Pending>();
  let timer: NodeJS.Timeout | undefined;
  const writeFirsts = batchedFirsts(deps);

  async function flush(): Promise<void> {
    await writeFirsts.settled();
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    const byTenant = new Map<string, RepeatedAudit[]>();
    for (const p of batch.values()) {
      const items = byTenant.get(p.tenantId) ?? [];
      items.push({ entry: p.entry, key: p.key, count: p.count, at: p.at });
      byTenant.set(p.tenantId, items);
    }
    for (const [tenantId, items] of byTenant) await deps.recorder.recordRepeated(deps.store, tenantId, items);
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => void flush().catch(() => undefined), flushMs);
    timer.unref();
  }

  /** Flushes what the previous minute counted, once the clock enters a new one. */
  async function enter(time: Date): Promise<void> {
    const current = Math.floor(time.getTime() / MINUTE_MS);
    if (current === minute) return;
    await flush();
    minute = current;
    seen = new Set();
  }

  return {
    async add(tenantId, audit) {
      const at = deps.now();
      await enter(at);
      const first: RepeatedAudit[] = [];
      for (const entry of audit) {
        const key = decisionKey(entry);
        const id = `${tenantId}\u0000${entry.action}\u0000${key}`;
        if (!seen.has(id) && seen.size < MAX_KEYS) {
          seen.add(id);
          first.push({ entry, key, at });
        } else if (seen.has(id)) {
          const hit = pending.get(id);
          if (hit) {
            hit.count++;
            hit.at = at;
          } else pending.set(id, { tenantId, entry, key, count: 1, at });
        } else first.push({ entry, key, at });
      }
      if (first.length) await writeFirsts(tenantId, first);
      if (pending.size) schedule();
    },
    flush,
  };
}
