// The shipper registry: kind -> config schema, which config fields are secrets, and a factory.
// Adding a SIEM is adding a file in this folder and one line in SHIPPERS.
import { RosterError } from '../../../src/errors/index.js';
import type { Shipper } from '../shipper.js';
import { elasticBulk } from './elastic-bulk.js';
import { httpJson } from './http-json.js';
import { splunkHec } from './splunk-hec.js';
import { syslog } from './syslog.js';
import type { ShipperDefinition } from './define.js';

export { defineShipper, type ShipperDefinition } from './define.js';

export const SHIPPERS = {
  splunk_hec: splunkHec,
  elastic_bulk: elasticBulk,
  http_json: httpJson,
  syslog,
} as const;

export type ShipperKind = keyof typeof SHIPPERS;

export function isShipperKind(kind: string): kind is ShipperKind {
  return Object.hasOwn(SHIPPERS, kind);
}

export function shipperDefinition(kind: string): ShipperDefinition {
  if (!isShipperKind(kind)) {
    throw new RosterError(
      'invalid_input',
      `unknown SIEM kind ${JSON.stringify(kind)}; expected one of ${Object.keys(SHIPPERS).join(', ')}`,
    );
  }
  return SHIPPERS[kind] as unknown as ShipperDefinition;
}

/** Validates a stream's config for its kind; every problem is reported at once, by path. */
export function parseShipperConfig(kind: string, input: unknown): unknown {
  const result = shipperDefinition(kind).configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(config)'}: ${i.message}`);
  throw new RosterError('invalid_input', `invalid ${kind} config: ${problems.join('; ')}`, { details: { problems } });
}

/** Validates the config and creates the shipper. */
export function createShipper(kind: string, input: unknown): Shipper {
  return shipperDefinition(kind).create(parseShipperConfig(kind, input));
}
