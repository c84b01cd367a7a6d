// Retry waits while a SIEM is down: exponential with "equal jitter" (half fixed, half random, from
// the AWS Architecture Blog "Exponential Backoff And Jitter"), never shorter than the target's
// Retry-After (RFC 9110 §10.2.3).

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(
  attempt: number,
  options: BackoffOptions,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.max(retryAfterMs, Math.round(jittered));
}

/** Waits `ms`, or less if `signal` aborts (shutdown); never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
