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

/** The code and message of the RosterError `promise` rejects with; code 'no error' when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RosterError) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: 'no error', message: '' };
}

/** The code of the RosterError `promise` rejects with, or 'no error'. */
export async function rejectionCodeOf(promise: Promise<unknown>): Promise<string> {
  return (await rejectionOf(promise)).code;
}
