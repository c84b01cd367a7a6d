// The shape of one registry entry (kept apart from index.ts so shipper files do not import the
// registry that imports them).
import type { z } from 'zod';
import type { Shipper } from '../shipper.js';

export interface ShipperDefinition<Config = unknown> {
  readonly kind: string;
  /** Validates what an admin writes and fills the defaults (the resolved config). */
  readonly configSchema: z.ZodType<Config>;
  /** Dotted paths of config fields holding credentials: stored encrypted, never shown or logged. */
  readonly secretFields: readonly string[];
  create(config: Config): Shipper;
}

/** Typed helper for the definitions (keeps `create`'s argument the schema's output type). */
export function defineShipper<S extends z.ZodType>(definition: {
  kind: string;
  configSchema: S;
  secretFields: readonly string[];
  create(config: z.output<S>): Shipper;
}): ShipperDefinition<z.output<S>> {
  return definition as unknown as ShipperDefinition<z.output<S>>;
}
