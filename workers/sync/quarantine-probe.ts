import { quarantineConnector, resumeConnector, SYSTEM_ACTOR, type ConnectorDoc } from '../../src/connectors/index.js';
import { createConnector } from './connectors/index.js';
import { openConfig } from '../../src/connectors/index.js';
import type { SyncDeps } from './engine-deps.js';

// Quarantined connectors are probed (Connector.test) when their next attempt is due; one worker
// per attempt (a Redis NX key), a pass resumes the connector (and its catch-up full sync), a
// failure doubles the interval (src/connectors/connector-state.ts).

export async function probeDue(deps: SyncDeps): Promise<void> {
  const now = new Date().toISOString();
  const due = await deps.domain.store
    .collection<ConnectorDoc>('connectors')
    .find({ 'state.status': 'quarantined', 'state.nextAttemptAt': { $lte: now } });
  for (const doc of due) {
    const claim = await deps.redis.set(`sync:probe:${doc._id}:${doc.state.nextAttemptAt}`, '1', 'PX', 600_000, 'NX');
    if (claim !== 'OK') continue;
    const connector = createConnector(doc.kind, openConfig(deps.box, doc), {
      tenantId: doc.tenantId,
      connectorId: doc._id,
    });
    try {
      await connector.test();
      await resumeConnector(deps.domain, doc.tenantId, doc._id, SYSTEM_ACTOR);
    } catch (err) {
      await quarantineConnector(deps.domain, doc, {
        reason: `probe failed: ${(err as Error).message}`.slice(0, 300),
        baseMs: deps.settings.quarantineBaseMs,
      });
    } finally {
      await connector.close?.();
    }
  }
}

export function startProbe(deps: SyncDeps): { stop(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    probeDue(deps)
      .catch((err) => deps.logger.warn({ err: (err as Error).message }, 'quarantine probe failed'))
      .finally(() => {
        busy = false;
      });
  }, deps.settings.probeMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
