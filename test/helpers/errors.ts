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

/** The code and message of the RosterError `fn` throws: what a client reads in the error body. */
export function codeAndMessageOf(fn: () => unknown): { code: string; message: string } {
  const { code, message } = refusalOf(fn);
  return { code, message };
}
