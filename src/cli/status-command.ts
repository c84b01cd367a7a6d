import type { Command } from 'commander';
import { queueStatus, syncQueueFigures } from '../ops/index.js';
import { workersAlive } from '../queue/index.js';
import { connectorTargets, platformStatus, siemStreamTargets, type TargetStatus } from '../status/index.js';
import { withRuntime } from './context.js';

// `roster status`: the ops console's summary in a terminal — workers, queues, and per tenant the
// provisioning counts and every connector or SIEM stream that is not active.

const print = (line: string) => process.stdout.write(`${line}\n`);

function targetLine(kind: string, t: TargetStatus): string {
  const detail = [t.reason, t.lastError].filter(Boolean).join('; ');
  const s = t.sync;
  const sync = s
    ? `, users ${s.users.roster}/${s.users.downstream}, groups ${s.groups.roster}/${s.groups.downstream}` +
      `, ${t.deadLetters ?? 0} dead letters, ${s.heldDeletes} held deletions`
    : '';
  const head = `    ${kind} ${t.name} (${t.kind}): ${t.state}, ${t.pending ?? 0} pending, lag ${t.lagSeconds ?? 0} s`;
  return `${head}${sync}${detail ? ` — ${detail}` : ''}`;
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('print what the ops console (/ops) shows: workers, queues, tenants, connectors, SIEM streams')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async (runtime) => {
        const [workers, queues, tenants] = await Promise.all([
          workersAlive(runtime.redis),
          Promise.all(runtime.queues.all().map((q) => queueStatus(q))),
          platformStatus(runtime.domain, {
            connectors: connectorTargets(runtime.domain, () => syncQueueFigures(runtime.queues.sync)),
            streams: siemStreamTargets(runtime.domain),
          }),
        ]);
        if (opts.json) return print(JSON.stringify({ workers, queues, tenants }, null, 2));
        print(`workers alive: ${workers.alive}${workers.lastBeatAt ? ` (last beat ${workers.lastBeatAt})` : ''}`);
        for (const q of queues)
          print(
            `queue ${q.name}: ${q.waiting} waiting, ${q.active} active, ${q.delayed} delayed, ${q.failed} failed, ` +
              `oldest ${q.oldestWaitingSeconds} s`,
          );
        for (const t of tenants) {
          print(
            `tenant ${t.tenantId} (${t.plan}): ${t.users} users, ${t.groups} groups, ` +
              `last SCIM write ${t.scim.lastWriteAt ?? 'never'}`,
          );
          print(`    SAML (24 h): ${t.saml.loginsLastDay} logins, ${t.saml.failuresLastDay} failures`);
          for (const c of t.connectors) print(targetLine('connector', c));
          for (const s of t.streams) print(targetLine('stream', s));
        }
      });
    });
}
