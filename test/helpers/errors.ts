import { RosterError } from '../../src/errors/index.js';

/** The RosterError `fn` throws; any other outcome (no throw, another error) fails the test. */
export function refusalOf(fn: () => unknown): RosterError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RosterError) return error;
    throw error;
  }
  throw new Error('expected a RosterError');
}
