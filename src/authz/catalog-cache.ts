import { loadRolePolicy } from '../access/index.js';
import type { RoleCatalog } from '../rbac/index.js';
import type { Store } from '../store/index.js';

/**
 * Each tenant's compiled role catalog, kept for a short while. It only names, in a reason, which
 * role granted a permission: decisions come from the permissions stored on the user, read per
 * request, so a stale catalog can word a reason oddly but never change an answer.
 */
export interface CatalogCache {
  get(tenantId: string): Promise<RoleCatalog | undefined>;
  forget(tenantId: string): void;
}

export function createCatalogCache(deps: { store: Store; ttlMs: number; now: () => Date }): CatalogCache {
  const entries = new Map<string, { at: number; catalog: Promise<RoleCatalog | undefined> }>();
  return {
    get(tenantId) {
      const t = deps.now().getTime();
      const hit = entries.get(tenantId);
      if (hit && t - hit.at < deps.ttlMs) return hit.catalog;
      // A catalog that fails to load just means reasons without role names.
      const catalog = loadRolePolicy(deps.store, tenantId).then(
        (p) => p.catalog,
        () => undefined,
      );
      entries.set(tenantId, { at: t, catalog });
      return catalog;
    },
    forget(tenantId) {
      entries.delete(tenantId);
    },
  };
}
