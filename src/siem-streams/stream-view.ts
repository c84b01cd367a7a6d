import { maskedConfig } from './stream-config.js';
import type { SiemStreamDoc } from './types.js';

/** A stream as the admin API and CLI show it: secrets only as "[set]", never their values. */
export function viewStream(doc: SiemStreamDoc): Record<string, unknown> {
  const {
    _id,
    tenantId: _tenant,
    secrets: _sealed,
    secretFields: _fields,
    config: _config,
    cursorEpoch: _e,
    ...rest
  } = doc;
  return { id: _id, ...rest, config: maskedConfig(doc) };
}
