// GitHub's REST "best practices": "make requests serially instead of concurrently" and "wait at
// least one second between each request" that creates, changes or deletes. One gate per
// connector instance runs every call after the previous one ended, and holds mutations until
// `minGapMs` after the previous mutation.

export type SerialGate = <T>(mutation: boolean, call: () => Promise<T>) => Promise<T>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSerialGate(minGapMs: number): SerialGate {
  let tail: Promise<unknown> = Promise.resolve();
  let lastMutationEnd = Number.NEGATIVE_INFINITY;
  return <T>(mutation: boolean, call: () => Promise<T>): Promise<T> => {
    const result = tail.then(async () => {
      const wait = mutation ? lastMutationEnd + minGapMs - Date.now() : 0;
      if (wait > 0) await sleep(wait);
      try {
        return await call();
      } finally {
        if (mutation) lastMutationEnd = Date.now();
      }
    });
    tail = result.catch(() => undefined);
    return result;
  };
}
