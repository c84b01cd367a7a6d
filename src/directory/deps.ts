import type { Recorder } from '../audit/index.js';
import type { Store } from '../store/types.js';

/** What every directory service needs: the store, the event/audit recorder, and a clock. */
export interface DirectoryDeps {
  store: Store;
  recorder: Recorder;
  now?: () => Date;
}

export function nowIso(deps: Pick<DirectoryDeps, 'now'>): string {
  return (deps.now ? deps.now() : new Date()).toISOString();
}
