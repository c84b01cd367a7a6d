// A stream's target settings: validated by its kind's schema (from the injected catalogue), split
// into plain fields and secret fields, the secrets sealed with the secret box and bound to the
// stream (AAD), so a sealed value copied onto another stream does not open (secret-box.ts).
import { joinSecrets, maskSecrets, splitSecrets, type SecretBox } from '../credentials/index.js';
import { RosterError } from '../errors/index.js';
import type { SiemKindCatalogue, SiemKindDefinition, SiemStreamDoc } from './types.js';

type Json = Record<string, unknown>;

export function streamAad(tenantId: string, streamId: string): string {
  return `siem_stream:${tenantId}:${streamId}`;
}

export function kindDefinition(catalogue: SiemKindCatalogue, kind: string): SiemKindDefinition {
  const definition = catalogue.definition(kind);
  if (!definition)
    throw new RosterError(
      'invalid_input',
      `unknown SIEM kind ${JSON.stringify(kind)}; expected one of ${catalogue.kinds.join(', ')}`,
    );
  return definition;
}

/** The whole config, checked and with its defaults; every problem is reported at once, by path. */
export function validateConfig(catalogue: SiemKindCatalogue, kind: string, config: unknown): Json {
  const result = kindDefinition(catalogue, kind).configSchema.safeParse(config);
  if (result.success) return result.data as Json;
  const problems = result.error.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`.replace(/\.:/, ':'));
  throw new RosterError('invalid_input', `invalid ${kind} config: ${problems.join('; ')}`, { details: { problems } });
}

export function validateCategories(catalogue: SiemKindCatalogue, categories: readonly string[]): string[] {
  const unknown = categories.filter((c) => !catalogue.categories.includes(c));
  if (unknown.length)
    throw new RosterError(
      'invalid_input',
      `unknown categories ${unknown.join(', ')}; expected some of ${catalogue.categories.join(', ')}`,
    );
  return [...new Set(categories)];
}

export interface StoredConfig {
  config: Json;
  secrets?: SiemStreamDoc['secrets'];
  secretFields: string[];
}

/** Splits a validated config and seals its secret part for this stream. */
export function sealConfig(
  box: SecretBox,
  definition: SiemKindDefinition,
  whole: Json,
  ids: { tenantId: string; streamId: string },
): StoredConfig {
  const { plain, secrets } = splitSecrets(whole, definition.secretFields);
  const secretFields = Object.keys(secrets);
  if (secretFields.length === 0) return { config: plain, secretFields };
  return { config: plain, secrets: box.seal(secrets, streamAad(ids.tenantId, ids.streamId)), secretFields };
}

/** The stored secret fields of a stream, opened (for the worker and for a config update). */
export function openSecrets(box: SecretBox, doc: SiemStreamDoc): Json {
  return doc.secrets ? box.open<Json>(doc.secrets, streamAad(doc.tenantId, doc._id)) : {};
}

/** The whole config again: what the worker hands to the shipper. */
export function openConfig(box: SecretBox, doc: SiemStreamDoc): Json {
  return joinSecrets(doc.config, openSecrets(box, doc));
}

/** What an admin sees: plain fields, each secret field present as "[set]". */
export function maskedConfig(doc: SiemStreamDoc): Json {
  return maskSecrets(doc.config, Object.fromEntries(doc.secretFields.map((f) => [f, true])));
}

/**
 * An update's config: top-level fields given replace the stored ones. A stored secret is kept when
 * the update leaves its top-level field out, or sends the "[set]" mask back in its place, so an
 * admin can change a URL without the token (and can replace `auth` as a whole).
 */
export function mergeConfig(stored: Json, storedSecrets: Json, update: Json, secretFields: readonly string[]): Json {
  const { plain, secrets } = splitSecrets(update, secretFields);
  const keep = (field: string) => secrets[field] === '[set]' || !Object.hasOwn(update, field.split('.')[0]);
  const kept = Object.fromEntries(Object.entries(storedSecrets).filter(([field]) => keep(field)));
  const given = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== '[set]'));
  return joinSecrets({ ...stored, ...plain }, { ...kept, ...given });
}
