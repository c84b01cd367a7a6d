import { setImmediate } from 'node:timers/promises';

/**
 * Lets the event loop serve other requests before the caller goes on. The embedded engine is
 * synchronous, so one write of a thousand rows holds the process for its whole length; a long
 * change done in parts with a turn between them keeps the other requests (and their Redis
 * commands' timeouts) moving. Inside a transaction this is allowed: the group commit already
 * waits a turn between its members (src/store/embedded/group-commit.ts), and other requests only
 * read what was committed.
 */
export function nextTurn(): Promise<void> {
  return setImmediate();
}
