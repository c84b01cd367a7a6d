import { findConnectorById, openConfig, type ConnectorDoc } from '../../src/connectors/index.js';
import type { Connector } from './connector.js';
import { createConnector } from './connectors/index.js';
import type { SyncDeps } from './engine-deps.js';

// One Connector instance per connector version and process: a SCIM connector reads the target's
// ServiceProviderConfig once, a GitHub connector keeps its serial gate across jobs.

export interface LoadedConnector {
  doc: ConnectorDoc;
  connector: Connector;
}

export interface ConnectorCache {
  load(tenantId: string, connectorId: string): Promise<LoadedConnector | null>;
  close(): Promise<void>;
}

export function createConnectorCache(deps: Pick<SyncDeps, 'domain' | 'box'>): ConnectorCache {
  const built = new Map<string, { version: number; connector: Connector }>();
  return {
    async load(tenantId, connectorId) {
      // Read every job (a pause or quarantine applies to the next job), by primary key.
      const doc = await findConnectorById(deps.domain, tenantId, connectorId);
      if (!doc) return null;
      const cached = built.get(doc._id);
      if (cached && cached.version === doc.version) return { doc, connector: cached.connector };
      // State changes move the version too; a rebuilt connector is cheap and forgets nothing it needs.
      await cached?.connector.close?.();
      const connector = createConnector(doc.kind, openConfig(deps.box, doc), { tenantId, connectorId: doc._id });
      built.set(doc._id, { version: doc.version, connector });
      return { doc, connector };
    },
    async close() {
      await Promise.allSettled([...built.values()].map((b) => b.connector.close?.()));
      built.clear();
    },
  };
}
