import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SyncJob } from '../queue/index.js';
import type { ConnectorQueueFigures } from '../status/index.js';

// Per-connector figures of the `roster-sync` queue for the console rows and /metrics: pending
// jobs, the oldest one's enqueue time (the connector's lag) and the dead letters (the failed set,
// which `roster sync retry-failed` and the console's Retry replay). BullMQ keeps no per-connector
// counts, so the jobs are grouped by the connector their data names; each state is read up to
// SCAN_CAP jobs, which bounds a scrape during a large backfill (the counts then read "at least").
// The grouping runs inside Redis (one script): reading the jobs into Node (queue.getJobs) decoded
// every job's data on the event loop, ~1 s of a process's time per /ops load at 10,000 pending.

export const SCAN_CAP = 10_000;

/**
 * KEYS: the pending lists (wait, paused, active), the pending sorted sets (prioritized, delayed),
 * the failed set. ARGV: the job key prefix, the cap. Returns [connectorId, pending, oldest
 * timestamp, dead letters, …]. The connector id is read from the job's JSON data (it is a plain id:
 * no quotes or escapes to parse); a job removed between the id read and the hash read is skipped.
 */
const FIGURES_SCRIPT = `
local prefix, cap = ARGV[1], tonumber(ARGV[2])
local figures, order = {}, {}
local function count(id, dead)
  local job = redis.call('HMGET', prefix .. id, 'data', 'timestamp')
  local connector = job[1] and string.match(job[1], '"connectorId":"([^"]*)"')
  if not connector then return end
  local f = figures[connector]
  if not f then f = {0, 0, 0}; figures[connector] = f; order[#order + 1] = connector end
  if dead then f[3] = f[3] + 1; return end
  f[1] = f[1] + 1
  local at = tonumber(job[2])
  if at and (f[2] == 0 or at < f[2]) then f[2] = at end
end
for i = 1, 3 do for _, id in ipairs(redis.call('LRANGE', KEYS[i], 0, cap - 1)) do count(id, false) end end
for i = 4, 5 do for _, id in ipairs(redis.call('ZRANGE', KEYS[i], 0, cap - 1)) do count(id, false) end end
for _, id in ipairs(redis.call('ZRANGE', KEYS[6], 0, cap - 1)) do count(id, true) end
local out = {}
for _, connector in ipairs(order) do
  local f = figures[connector]
  out[#out + 1] = connector; out[#out + 1] = f[1]; out[#out + 1] = f[2]; out[#out + 1] = f[3]
end
return out
`;

export async function syncQueueFigures(
  queue: Queue<SyncJob>,
  cap = SCAN_CAP,
): Promise<Map<string, ConnectorQueueFigures>> {
  const { keys } = queue;
  // The queue's connection is Roster's own ioredis client (src/queue/queues.ts, createQueues).
  const client = queue.opts.connection as Redis;
  const flat = (await client.eval(
    FIGURES_SCRIPT,
    6,
    keys.wait,
    keys.paused,
    keys.active,
    keys.prioritized,
    keys.delayed,
    keys.failed,
    queue.toKey(''),
    cap,
  )) as Array<string | number>;
  const map = new Map<string, ConnectorQueueFigures>();
  for (let i = 0; i < flat.length; i += 4) {
    const [connectorId, pending, oldest, deadLetters] = flat.slice(i, i + 4);
    map.set(String(connectorId), {
      pending: Number(pending),
      deadLetters: Number(deadLetters),
      ...(Number(oldest) > 0 ? { oldestPendingAt: Number(oldest) } : {}),
    });
  }
  return map;
}
