import { setImmediate } from 'node:timers/promises';
import { transactionFailed } from '../store-errors.js';
import type { CollectionName, Db } from '../types.js';
import type { AsyncMutex } from './async-mutex.js';
import type { Connection } from './connection.js';
import type { Table } from './table.js';
import { TxScope } from './tx-scope.js';

// Group commit: the transactions that arrive while one batch runs, and within one more turn of
// the event loop after it, run one after another inside a single SQLite transaction, each in its
// own savepoint, and are committed together. A
// commit writes every page it dirtied to the WAL (the users index pages, the outbox and audit
// tails, the tenant's sequence counter): a create shares most of those pages with the creates
// next to it, so committing 8 at once writes them once, not 8 times. The COMMIT was the largest
// single item of a SCIM create's profile (9% of busy time).
//
// What a caller sees does not change: its promise settles only after the COMMIT that holds its
// writes returned (durable as before: WAL, see connection.ts), a callback that throws rolls back
// its own writes only (ROLLBACK TO its savepoint), and a failed COMMIT fails every member of the
// batch, none of which was answered yet. Members run in queue order, so each sees the writes of
// the members before it, as if they had committed first (they commit with it, or not at all).

/** Members per batch: bounds the extra wait of the first member for the others. */
const MAX_BATCH = 16;

interface Member {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  started: boolean;
  expired: boolean;
  timer?: NodeJS.Timeout;
  /** The batch's progress when the timer was last armed. */
  progressSeen: number;
}

export interface GroupCommitOptions {
  writer: Connection;
  tableOf: (name: CollectionName) => Table;
  /** The store's writer lock: a batch holds it from BEGIN to COMMIT, like one transaction did. */
  lock: AsyncMutex;
  /**
   * How long a transaction may wait for its turn while the running one makes no progress (runs no
   * statement) before it is refused: that is a caller waiting for itself. A long transaction that
   * takes turns of the event loop between its parts (a large member change, a tenant's role
   * recompute) keeps running statements, so the ones queued behind it wait rather than fail.
   */
  waitMs: number;
  onTimeout: () => Error;
}

export class GroupCommit {
  readonly #options: GroupCommitOptions;
  #queue: Member[] = [];
  #draining?: Promise<void>;
  /** Counts statements and members run: what a queued member's timer checks before it gives up. */
  #progress = 0;
  readonly #onActivity = () => {
    this.#progress++;
  };

  constructor(options: GroupCommitOptions) {
    this.#options = options;
  }

  run<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const member: Member = {
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
        started: false,
        expired: false,
        progressSeen: this.#progress,
      };
      if (Number.isFinite(this.#options.waitMs)) this.#arm(member);
      this.#queue.push(member);
      this.#draining ??= this.#drain();
    });
  }

  #arm(member: Member): void {
    member.timer = setTimeout(() => {
      if (member.started) return;
      if (this.#progress !== member.progressSeen) {
        member.progressSeen = this.#progress;
        return this.#arm(member);
      }
      member.expired = true;
      member.reject(this.#options.onTimeout());
    }, this.#options.waitMs);
  }

  /** Settles once every transaction queued so far has committed or failed. */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#options.lock.run(() => this.#batch());
    } finally {
      // Synchronously after the loop saw an empty queue: a transaction queued from now on
      // starts the next drain itself (a `.finally()` callback would run a tick late and strand it).
      this.#draining = undefined;
    }
  }

  async #batch(): Promise<void> {
    const { writer } = this.#options;
    if (this.#queue.every((m) => m.expired)) {
      this.#queue = [];
      return;
    }
    try {
      writer.statement('BEGIN IMMEDIATE').run();
    } catch (error) {
      const failed = transactionFailed(
        'could not start a transaction (is another process holding the write lock?)',
        error,
      );
      for (const member of this.#queue.splice(0, MAX_BATCH)) if (this.#start(member)) member.reject(failed);
      return;
    }
    const done: { member: Member; result: unknown }[] = [];
    let ran = 0;
    for (;;) {
      const members = this.#queue.splice(0, MAX_BATCH - ran);
      for (let i = 0; i < members.length; i++) {
        if (!writer.db.inTransaction) {
          // SQLite rolled the batch back under a member (SQLITE_FULL, IOERR): the members before
          // it lost their writes; the ones after it have not run and go first in the next batch.
          this.#queue.unshift(...members.slice(i));
          return this.#fail(done, undefined);
        }
        const member = members[i];
        if (!this.#start(member)) continue;
        ran++;
        try {
          done.push({
            member,
            result: await new TxScope(writer, this.#options.tableOf, this.#onActivity).runInBatch(member.work),
          });
        } catch (error) {
          member.reject(error);
        }
      }
      if (ran >= MAX_BATCH) break;
      // A transaction runs within one turn of the event loop (the engine is synchronous), so
      // nothing else could queue meanwhile. One turn more lets the requests whose bytes have
      // arrived reach their transaction and join this commit; none did: commit now.
      await setImmediate();
      if (this.#queue.length === 0) break;
    }
    if (!writer.db.inTransaction) return this.#fail(done, undefined);
    try {
      writer.statement('COMMIT').run();
    } catch (error) {
      return this.#fail(done, error);
    }
    for (const { member, result } of done) member.resolve(result);
  }

  /** Marks the member started (its wait is over); false when it had already given up waiting. */
  #start(member: Member): boolean {
    if (member.expired) return false;
    member.started = true;
    this.#progress++;
    clearTimeout(member.timer);
    return true;
  }

  /** The batch did not commit: none of its writes stand, so every member that ran fails. */
  #fail(done: { member: Member }[], cause: unknown): void {
    const { writer } = this.#options;
    try {
      if (writer.db.inTransaction) writer.statement('ROLLBACK').run();
    } catch {
      // A failed ROLLBACK leaves nothing to undo that SQLite has not undone itself.
    }
    const failed = transactionFailed('the transaction could not commit; nothing was written', cause);
    for (const { member } of done) member.reject(failed);
  }
}
