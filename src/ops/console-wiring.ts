import type { Redis } from 'ioredis';
import type { SiemStreamDeps } from '../siem-streams/index.js';
import { readLagSeries, siemStreamTargets, type TargetStatusSource } from '../status/index.js';
import type { Fragment } from './html.js';
import { lagChart } from './lag-chart.js';
import type { OpsDeps } from './ops-router.js';
import { streamActions } from './stream-actions.js';

// What the ops console shows and does beyond the store and the queues, built once by the
// composition root (src/main.ts `serve`, and test/helpers/server.ts the same way). Connectors
// report nothing yet: their rows and buttons join `targets` and `actions` here.

export type OpsConsoleDeps = SiemStreamDeps & { redis: Redis };

export function opsConsole(deps: OpsConsoleDeps): Required<Pick<OpsDeps, 'targets' | 'actions' | 'charts'>> {
  const targets: TargetStatusSource = { connectors: async () => [], streams: siemStreamTargets(deps) };
  const charts = async (tenantIds: string[]) => {
    const now = (deps.now ? deps.now() : new Date()).getTime();
    const series = await Promise.all(tenantIds.map((id) => readLagSeries(deps.redis, id, now)));
    return new Map<string, Fragment>(tenantIds.map((id, i) => [id, lagChart(id, series[i], now)]));
  };
  return { targets, actions: { ...streamActions(deps) }, charts };
}
