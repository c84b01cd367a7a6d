import type { Store } from '../store/index.js';

/**
 * Reads shared by requests while the store has committed nothing since they were made but audit
 * records (Store.commitStamp moves on any other commit by any process). A demotion, a
 * deactivation, a new ACL entry: each is such a commit, so the next request reads afresh;
 * decisions still see the stored state of their moment. Without a stamp (mongo) nothing is shared.
 * Documents handed out are shared: callers must not mutate them.
 */
export interface ReadSnapshot {
  /**
   * The memo for this request: call once per request, before its first read. `stamp`: the
   * request's Store.commitStamp when it already read one (before any of its reads).
   */
  begin(stamp?: number): Map<string, Promise<unknown>> | undefined;
}

const MAX_ENTRIES = 50_000;

export function createReadSnapshot(store: Store, maxEntries = MAX_ENTRIES): ReadSnapshot {
  let stamp: number | undefined;
  let memo = new Map<string, Promise<unknown>>();
  return {
    begin(given) {
      const now = given ?? store.commitStamp?.();
      if (now === undefined) return undefined;
      // Read before this request's first read: anything committed later moves the stamp again.
      if (now !== stamp || memo.size >= maxEntries) {
        stamp = now;
        memo = new Map();
      }
      return memo;
    },
  };
}
