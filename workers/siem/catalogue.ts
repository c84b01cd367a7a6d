// The SIEM kinds as the domain (src/siem-streams) sees them: handed to it by the composition root,
// so src/ validates stream settings with the shippers' own schemas without importing them.
import type { SiemKindCatalogue } from '../../src/siem-streams/index.js';
import { SHIPPERS, createShipper, isShipperKind } from './shippers/index.js';
import { SIEM_CATEGORIES } from './siem-record.js';

export function siemKindCatalogue(): SiemKindCatalogue {
  return {
    kinds: Object.keys(SHIPPERS),
    categories: SIEM_CATEGORIES,
    definition: (kind) => (isShipperKind(kind) ? SHIPPERS[kind] : undefined),
    async probe(kind, config) {
      const shipper = createShipper(kind, config);
      try {
        await shipper.test();
      } finally {
        await shipper.close();
      }
    },
  };
}
