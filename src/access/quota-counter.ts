import { type Redis, viaRedis } from '../redis/index.js';

// Counting usage atomically in Redis, so N API processes agree on one count. One Lua
// script checks every limit touched by a request and increments them all, or none: a request
// never consumes a tenant's quota while being refused by its key's.

/** One counter: its Redis key, its cap (-1: none), how much this request adds, its lifetime. */
export interface Counter {
  key: string;
  limit: number;
  increment: number;
  ttlMs: number;
}

// A counter refuses when it is exhausted, or when the increment would carry it past its cap
// (design 000 checkQuota: allowed only while remaining > 0).
const SCRIPT = `
local n = #KEYS
local enforce = ARGV[1] == '1'
local used = {}
for i = 1, n do
  used[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  local limit = tonumber(ARGV[3 * i - 1])
  local inc = tonumber(ARGV[3 * i])
  if enforce and limit >= 0 and (used[i] >= limit or used[i] + inc > limit) then
    return {0, i, unpack(used)}
  end
end
for i = 1, n do
  used[i] = redis.call('INCRBY', KEYS[i], ARGV[3 * i])
  redis.call('PEXPIRE', KEYS[i], ARGV[3 * i + 1])
end
return {1, 0, unpack(used)}
`;

export interface CountOutcome {
  allowed: boolean;
  /** Index of the counter that refused, when one did. */
  refusedBy?: number;
  /** Each counter's value after the call (before it, when refused). */
  used: number[];
}

/** Checks and increments the counters in one atomic step (`enforce: false` only records). */
export async function count(redis: Redis, counters: Counter[], enforce: boolean): Promise<CountOutcome> {
  const args = counters.flatMap((c) => [String(c.limit), String(c.increment), String(Math.max(1, Math.ceil(c.ttlMs)))]);
  const reply = (await viaRedis(() =>
    redis.eval(SCRIPT, counters.length, ...counters.map((c) => c.key), enforce ? '1' : '0', ...args),
  )) as number[];
  const [allowed, refusedBy, ...used] = reply;
  return { allowed: allowed === 1, ...(allowed === 1 ? {} : { refusedBy: refusedBy - 1 }), used: used.map(Number) };
}

export async function peek(redis: Redis, keys: string[]): Promise<number[]> {
  if (keys.length === 0) return [];
  const values = await viaRedis(() => redis.mget(...keys));
  return values.map((v) => Number(v ?? 0));
}
