/**
 * A FIFO async lock. better-sqlite3 is synchronous, but a transaction spans awaits in the caller's
 * callback; every write to the one writer connection takes this lock so that no other write can
 * slip into the open SQLite transaction between two of those awaits.
 *
 * A waiter that does not get its turn within `waitMs` is refused (its work never runs). A
 * transaction holds the lock for milliseconds, so a long wait means a caller is waiting for
 * itself: a write through the store, or a nested withTransaction, inside withTransaction.
 * (Detecting that with AsyncLocalStorage would be exact, but on Node 20 it turns on promise hooks
 * for the whole process, which made every await about three times as expensive.)
 */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<R>(work: () => R | Promise<R>, waitMs = Number.POSITIVE_INFINITY, onTimeout?: () => Error): Promise<R> {
    let started = false;
    let expired = false;
    const turn = this.#tail.then(() => {
      if (expired) return undefined as R;
      started = true;
      return work();
    });
    this.#tail = turn.then(
      () => undefined,
      () => undefined,
    );
    if (!Number.isFinite(waitMs)) return turn;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (started) return;
        expired = true;
        reject(onTimeout ? onTimeout() : new Error(`waited more than ${waitMs} ms for the lock`));
      }, waitMs);
      turn.then(
        (value) => {
          clearTimeout(timer);
          if (!expired) resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          if (!expired) reject(error);
        },
      );
    });
  }
}
