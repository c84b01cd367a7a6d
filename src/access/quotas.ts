import { TOKENS_PER_DAY_BY_PLAN } from '../../config/quotas.js';
import type { Redis } from '../redis/index.js';
import type { KeyLimits, QuotaOverrides } from './access-docs.js';
import { count, peek, type Counter } from './quota-counter.js';
import type { TenantDoc } from '../tenants/index.js';

// Daily quotas per tenant and per key, and a per-key requests-per-minute limit (design 000 Steps 5
// and 6). Windows are fixed and named by their UTC date or minute, so they reset by changing key
// (UTC midnight, the next minute); the clock is injected, so tests move it instead of sleeping.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Counters outlive their window a little, so a late reader still sees the final count. */
const GRACE_MS = 5 * MINUTE_MS;

export interface Meter {
  used: number;
  /** null: no cap. */
  limit: number | null;
  remaining: number | null;
  resetAt: string;
}

export interface UsageReport {
  allowed: boolean;
  /** Which meter refused: tenant.requests, tenant.tokens, key.requests, key.tokens, key.requestsPerMinute. */
  exceeded?: string;
  tenant: { requests: Meter; tokens: Meter };
  key?: { requests: Meter; tokens: Meter; requestsPerMinute: Meter };
}

export interface UsageSubject {
  tenant: Pick<TenantDoc, '_id' | 'plan' | 'settings'>;
  overrides?: QuotaOverrides;
  key?: { id: string; limits: KeyLimits };
}

interface Slot {
  name: string;
  key: string;
  limit: number | null;
  resetAt: number;
  increment: number;
}

function windows(now: Date): { day: string; dayReset: number; minute: number; minuteReset: number } {
  const t = now.getTime();
  const minute = Math.floor(t / MINUTE_MS);
  return {
    day: now.toISOString().slice(0, 10),
    dayReset: (Math.floor(t / DAY_MS) + 1) * DAY_MS,
    minute,
    minuteReset: (minute + 1) * MINUTE_MS,
  };
}

/** Redis keys share the tenant's hash tag, so one script may touch them all on a cluster. */
function slots(subject: UsageSubject, now: Date, requests: number, tokens: number): Slot[] {
  const w = windows(now);
  const tenantId = subject.tenant._id;
  const base = `quota:{${tenantId}}`;
  const list: Slot[] = [
    {
      name: 'tenant.requests',
      key: `${base}:day:${w.day}:requests`,
      limit: subject.overrides?.requestsPerDay ?? subject.tenant.settings.maxRequestsPerDay,
      resetAt: w.dayReset,
      increment: requests,
    },
    {
      name: 'tenant.tokens',
      key: `${base}:day:${w.day}:tokens`,
      limit: subject.overrides?.tokensPerDay ?? TOKENS_PER_DAY_BY_PLAN[subject.tenant.plan],
      resetAt: w.dayReset,
      increment: tokens,
    },
  ];
  if (!subject.key) return list;
  const k = `${base}:key:${subject.key.id}`;
  const limits = subject.key.limits;
  list.push(
    {
      name: 'key.requests',
      key: `${k}:day:${w.day}:requests`,
      limit: limits.requestsPerDay ?? null,
      resetAt: w.dayReset,
      increment: requests,
    },
    {
      name: 'key.tokens',
      key: `${k}:day:${w.day}:tokens`,
      limit: limits.tokensPerDay,
      resetAt: w.dayReset,
      increment: tokens,
    },
    {
      name: 'key.requestsPerMinute',
      key: `${k}:minute:${w.minute}:requests`,
      limit: limits.requestsPerMinute,
      resetAt: w.minuteReset,
      increment: requests,
    },
  );
  return list;
}

function meter(slot: Slot, used: number): Meter {
  const remaining = slot.limit === null ? null : Math.max(0, slot.limit - used);
  return { used, limit: slot.limit, remaining, resetAt: new Date(slot.resetAt).toISOString() };
}

function report(list: Slot[], used: number[], allowed: boolean, refusedBy?: number): UsageReport {
  const m = (i: number) => meter(list[i], used[i]);
  const result: UsageReport = { allowed, tenant: { requests: m(0), tokens: m(1) } };
  if (list.length > 2) result.key = { requests: m(2), tokens: m(3), requestsPerMinute: m(4) };
  if (refusedBy !== undefined) result.exceeded = list[refusedBy].name;
  return result;
}

export interface QuotaService {
  /** Counts a request's usage; with `enforce`, refuses (counting nothing) when any meter is exhausted. */
  consume(subject: UsageSubject, usage: { requests: number; tokens: number; enforce: boolean }): Promise<UsageReport>;
  /** Remaining counts and reset times without counting anything (design 000 checkQuota). */
  status(subject: UsageSubject): Promise<UsageReport>;
}

export function createQuotaService(deps: { redis: Redis; now?: () => Date }): QuotaService {
  const now = deps.now ?? (() => new Date());
  return {
    async consume(subject, usage) {
      const at = now();
      const list = slots(subject, at, usage.requests, usage.tokens);
      const counters: Counter[] = list.map((s) => ({
        key: s.key,
        limit: s.limit ?? -1,
        increment: s.increment,
        ttlMs: s.resetAt - at.getTime() + GRACE_MS,
      }));
      const outcome = await count(deps.redis, counters, usage.enforce);
      return report(list, outcome.used, outcome.allowed, outcome.refusedBy);
    },
    async status(subject) {
      const list = slots(subject, now(), 0, 0);
      const used = await peek(
        deps.redis,
        list.map((s) => s.key),
      );
      // Design 000 checkQuota: not allowed once any limit is spent (remaining 0), naming the first.
      const spent = list.findIndex((s, i) => s.limit !== null && used[i] >= s.limit);
      return report(list, used, spent === -1, spent === -1 ? undefined : spent);
    },
  };
}
