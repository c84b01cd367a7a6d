import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SyncJob } from '../queue/index.js';
import type { SiemStreamDeps } from '../siem-streams/index.js';
import { connectorTargets, readLagSeries, siemStreamTargets, type TargetStatusSource } from '../status/index.js';
import { connectorActions, type ConsoleSyncDeps } from './connector-actions.js';
import type { Fragment } from './html.js';
import { lagChart } from './lag-chart.js';
import type { OpsDeps } from './ops-router.js';
import { streamActions } from './stream-actions.js';
import { syncQueueFigures } from './sync-queue-figures.js';

// What the ops console shows and does beyond the store and the queues, built once by the
// composition root (src/main.ts `serve`, and test/helpers/server.ts the same way): connector and
// SIEM stream rows, their buttons, and the lag charts. `sync` is the engine side of the connector
// buttons (retry dead letters, full resync); without it those two answer 503.

export type OpsConsoleDeps = SiemStreamDeps & { redis: Redis; syncQueue: Queue<SyncJob>; sync?: ConsoleSyncDeps };

export function opsConsole(deps: OpsConsoleDeps): Required<Pick<OpsDeps, 'targets' | 'actions' | 'charts'>> {
  const targets: TargetStatusSource = {
    connectors: connectorTargets(deps, () => syncQueueFigures(deps.syncQueue)),
    streams: siemStreamTargets(deps),
  };
  const charts = async (tenantIds: string[]) => {
    const now = (deps.now ? deps.now() : new Date()).getTime();
    const series = await Promise.all(tenantIds.map((id) => readLagSeries(deps.redis, id, now)));
    return new Map<string, Fragment>(tenantIds.map((id, i) => [id, lagChart(id, series[i], now)]));
  };
  return { targets, actions: { ...streamActions(deps), ...connectorActions(deps, deps.sync) }, charts };
}
