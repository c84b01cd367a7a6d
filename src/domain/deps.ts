import type { Recorder } from '../audit/index.js';
import type { Store } from '../store/index.js';

/** What every directory service needs: the store, the event/audit recorder, and a clock. */
export interface DomainDeps {
  store: Store;
  recorder: Recorder;
  now?: () => Date;
}

export function nowIso(deps: Pick<DomainDeps, 'now'>): string {
  return (deps.now ? deps.now() : new Date()).toISOString();
}
