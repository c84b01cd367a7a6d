import { loadRolePolicy } from '../access/index.js';
import type { RoleCatalog } from '../rbac/index.js';
import type { Store } from '../store/index.js';

/**
 * Each tenant's compiled role catalog, kept for a short while, or for as long as the store's
 * commit stamp has not moved (nothing but audit records committed: the roles are as loaded). It
 * only names, in a reason, which role granted a permission: decisions come from the permissions
 * stored on the user, read per request, so a stale catalog can word a reason oddly but never
 * change an answer. Reused, it also keeps each user's compiled checker (subject-cache.ts).
 */
export interface CatalogCache {
  /** `stamp`: the request's Store.commitStamp, if the engine has one. */
  get(tenantId: string, stamp?: number): Promise<RoleCatalog | undefined>;
  forget(tenantId: string): void;
}

interface Entry {
  at: number;
  stamp?: number;
  catalog: Promise<RoleCatalog | undefined>;
}

export function createCatalogCache(deps: { store: Store; ttlMs: number; now: () => Date }): CatalogCache {
  const entries = new Map<string, Entry>();
  return {
    get(tenantId, stamp) {
      const t = deps.now().getTime();
      const hit = entries.get(tenantId);
      if (hit && ((stamp !== undefined && stamp === hit.stamp) || t - hit.at < deps.ttlMs)) return hit.catalog;
      // Filed under the stamp read before the load: a commit during the load moves the stamp,
      // and the next request loads again.
      const entry = { at: t, stamp } as Entry;
      // A catalog that fails to load just means reasons without role names, until the TTL runs out.
      entry.catalog = loadRolePolicy(deps.store, tenantId).then(
        (p) => p.catalog,
        () => {
          entry.stamp = undefined;
          return undefined;
        },
      );
      entries.set(tenantId, entry);
      return entry.catalog;
    },
    forget(tenantId) {
      entries.delete(tenantId);
    },
  };
}
