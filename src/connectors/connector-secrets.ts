import { joinSecrets, maskSecrets, splitSecrets, type SecretBox } from '../credentials/index.js';
import type { ConnectorDoc } from './types.js';

// A connector's configuration lives in two parts (src/credentials/target-secrets.ts): plain fields
// as written, secret fields sealed. The AAD binds the sealed part to its connector, so a sealed
// value copied onto another connector's record does not open.

export const connectorAad = (tenantId: string, connectorId: string) => `connector:${tenantId}:${connectorId}`;

export function sealConfig(
  box: SecretBox,
  ids: { tenantId: string; connectorId: string },
  config: Record<string, unknown>,
  secretFields: readonly string[],
): Pick<ConnectorDoc, 'config' | 'secrets'> {
  const { plain, secrets } = splitSecrets(config, secretFields);
  return { config: plain, secrets: box.seal(secrets, connectorAad(ids.tenantId, ids.connectorId)) };
}

/** The whole configuration, for the worker that calls the target; never for an admin. */
export function openConfig(box: SecretBox, doc: ConnectorDoc): Record<string, unknown> {
  const secrets = box.open<Record<string, unknown>>(doc.secrets, connectorAad(doc.tenantId, doc._id));
  return joinSecrets(doc.config, secrets);
}

/** The configuration an admin may see: secret fields shown as "[set]". */
export function maskedConfig(box: SecretBox, doc: ConnectorDoc): Record<string, unknown> {
  const secrets = box.open<Record<string, unknown>>(doc.secrets, connectorAad(doc.tenantId, doc._id));
  return maskSecrets(doc.config, secrets);
}
