import type { Recorder } from '../audit/index.js';
import type { CompiledPolicy } from '../rbac/index.js';
import type { Db, Store } from '../store/index.js';

/** What every directory service needs: the store, the event/audit recorder, and a clock. */
export interface DomainDeps {
  store: Store;
  recorder: Recorder;
  now?: () => Date;
  /** Compiled role policies kept per tenant (src/access/policy-cache.ts); absent: compiled per use. */
  policies?: { rolePolicy(db: Db, tenantId: string): Promise<CompiledPolicy> };
}

export function nowIso(deps: Pick<DomainDeps, 'now'>): string {
  return (deps.now ? deps.now() : new Date()).toISOString();
}
