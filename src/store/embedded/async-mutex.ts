/**
 * A FIFO async lock. better-sqlite3 is synchronous, but a transaction spans awaits in the caller's
 * callback; every write to the one writer connection takes this lock so that no other write can
 * slip into the open SQLite transaction between two of those awaits.
 */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<R>(work: () => R | Promise<R>): Promise<R> {
    const result = this.#tail.then(work);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
