import { expect } from 'vitest';
import { ShipError } from '../../../workers/siem/shipper.js';

/** Awaits a promise that must reject with a ShipError, and returns it. */
export async function shipError(promise: Promise<unknown>): Promise<ShipError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShipError);
  return err as ShipError;
}
