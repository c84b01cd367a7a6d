import type { UserDoc } from '../people/index.js';
import { checkerOf, subjectFromStored, type Checker, type RoleCatalog } from '../rbac/index.js';

/**
 * Each stored user's compiled checker, kept per user document object. The read snapshot
 * (src/access/read-snapshot.ts) hands every request the same document while nothing was
 * committed, and a new one after any commit: a document still handed out is current, so its
 * checker is too. Without a snapshot (mongo) every request has its own document and compiles.
 */
export interface SubjectCache {
  checkerOf(user: UserDoc, catalog: RoleCatalog | undefined): Checker;
}

export function createSubjectCache(): SubjectCache {
  // Weak: a document the snapshot dropped takes its checker with it.
  const entries = new WeakMap<UserDoc, { catalog: RoleCatalog | undefined; check: Checker }>();
  return {
    checkerOf(user, catalog) {
      const hit = entries.get(user);
      // The catalog only words reasons (catalog-cache.ts); a newer one still gets its own checker.
      if (hit && hit.catalog === catalog) return hit.check;
      const check = checkerOf(subjectFromStored(user, catalog));
      entries.set(user, { catalog, check });
      return check;
    },
  };
}
