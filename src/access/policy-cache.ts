import { readCacheVersion } from '../domain/index.js';
import type { CompiledPolicy } from '../rbac/index.js';
import type { Db } from '../store/index.js';
import { loadRolePolicy } from './access-policy.js';

/**
 * Each tenant's compiled role policy (roles + group mapping), kept while the tenant's policy
 * version is unchanged. Every role, mapping, ACL or preset change goes through
 * commitAccessChange (access-change.ts), which bumps that version in its transaction, so a
 * write in any process is seen by the next read in every process. Reads through `db` (a
 * transaction when called inside one), so the version and the policy come from one snapshot.
 */
export interface PolicyCache {
  rolePolicy(db: Db, tenantId: string): Promise<CompiledPolicy>;
}

const MAX_TENANTS = 1000;

export function createPolicyCache(maxTenants = MAX_TENANTS): PolicyCache {
  const entries = new Map<string, { version: number; policy: CompiledPolicy }>();
  return {
    async rolePolicy(db, tenantId) {
      const version = await readCacheVersion(db, tenantId, 'policy');
      const hit = entries.get(tenantId);
      if (hit && hit.version === version) return hit.policy;
      const policy = await loadRolePolicy(db, tenantId);
      if (entries.size >= maxTenants && !hit) entries.delete(entries.keys().next().value!);
      entries.set(tenantId, { version, policy });
      return policy;
    },
  };
}
