import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import {
  approveDeletes,
  getConnector,
  listConnectors,
  readSyncState,
  retryDeadLetters,
  syncCounts,
} from '../connectors/index.js';
import { findUsers } from '../people/index.js';
import { RosterError } from '../errors/index.js';
import { cliActor, withRuntime } from './context.js';

// `roster sync …`: full sync with progress, provision one user on demand, status, dead-letter
// replay and the deletion guard's approval.

// The engine is imported when a command runs, not when the CLI starts (src/cli/connector-commands.ts).
const engine = () => import('../../workers/sync/index.js');
const print = (value: unknown) =>
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
const until = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerSyncCommands(program: Command): void {
  const sync = program.command('sync').description('downstream sync: full runs, on-demand, status, replays');
  sync
    .command('full <tenant>')
    .option('--connector <name>', 'only this connector')
    .option('--no-wait', 'queue the run and return')
    .description('re-plan every user and group against the remote state (workers apply it)')
    .action((tenant, opts) =>
      withRuntime(async (runtime) => {
        const { planFullSync, runProgress, syncDepsOf } = await engine();
        const deps = await syncDepsOf(runtime);
        const docs = opts.connector
          ? [await getConnector(runtime.domain, tenant, opts.connector)]
          : await listConnectors(runtime.domain, tenant);
        for (const doc of docs) {
          const run = await planFullSync(deps, doc, cliActor());
          if (!opts.wait) {
            print(`connector ${doc.name}: run ${run.runId} queued, ${run.total} objects, ${run.held} deletions held`);
            continue;
          }
          // On stderr, so stdout holds only the summary. Without a terminal (CI, a pipe, a log file)
          // cli-progress prints nothing unless told to: then one line every 2 s, and the last.
          const bar = new SingleBar(
            { format: `${doc.name} [{bar}] {value}/{total} {percentage}%`, noTTYOutput: true, notTTYSchedule: 2000 },
            Presets.shades_classic,
          );
          bar.start(run.total, 0);
          let progress = await runProgress(deps, run.runId);
          while (progress && !progress.finishedAt) {
            bar.update(progress.done);
            await until(250);
            progress = await runProgress(deps, run.runId);
          }
          bar.update(run.total);
          bar.stop();
          const p = progress!;
          print(
            `${doc.name}: created ${p.created}, updated ${p.updated}, removed ${p.removed}, ` +
              `unchanged ${p.unchanged}, failed ${p.failed}, held ${p.held}`,
          );
        }
      }),
    );
  sync
    .command('user <tenant> <userName>')
    .requiredOption('--connector <name>', 'the connector')
    .description('provision one user now, printing desired, remote, diff, calls and result')
    .action((tenant, userName, opts) =>
      withRuntime(async (runtime) => {
        const { createConnectorCache, runJob, syncDepsOf } = await engine();
        const deps = await syncDepsOf(runtime);
        const doc = await getConnector(runtime.domain, tenant, opts.connector);
        const [user] = (
          await findUsers(runtime.store, tenant, { userNameLower: String(userName).toLowerCase() }, { limit: 1 })
        ).docs;
        if (!user) throw new RosterError('not_found', `tenant "${tenant}" has no user "${userName}"`);
        const cache = createConnectorCache(deps);
        try {
          const { result, ctx } = await runJob(deps, cache, {
            tenantId: tenant,
            connectorId: doc._id,
            kind: 'user',
            objectId: user._id,
            mode: 'live',
          });
          print({
            desired: ctx?.wish,
            remote: ctx?.state,
            diff: ctx?.plan,
            calls: result.calls,
            result: result.outcome,
          });
          print({ after: await readSyncState(runtime.store, tenant, doc._id, 'user', user._id) });
        } finally {
          await cache.close();
        }
      }),
    );
  sync
    .command('status [tenant]')
    .description('per connector: state, counts, last full sync, queue depth')
    .action((tenant) =>
      withRuntime(async (runtime) => {
        const rows = [];
        for (const doc of await listConnectors(runtime.domain, tenant))
          rows.push({
            tenant: doc.tenantId,
            connector: doc.name,
            kind: doc.kind,
            state: doc.state,
            held: doc.heldDeletions?.userIds.length ?? 0,
            counts: await syncCounts(runtime.store, doc.tenantId, doc._id),
            lastFullSync: doc.lastFullSync ?? null,
          });
        const queue = await runtime.queues.sync.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        print({ connectors: rows, queue });
      }),
    );
  sync
    .command('retry-failed [tenant]')
    .option('--connector <name>', 'only this connector')
    .description('replay the dead-letter set (failed sync jobs)')
    .action((tenant, opts) =>
      withRuntime(async (runtime) => {
        const docs =
          tenant && opts.connector
            ? [await getConnector(runtime.domain, tenant, opts.connector)]
            : await listConnectors(runtime.domain, tenant);
        const { replayFailed } = await engine();
        const replay = (tenantId: string, connectorId: string) =>
          replayFailed(runtime.queues.sync, { tenantId, connectorId });
        let replayed = 0;
        for (const doc of docs) replayed += await retryDeadLetters(runtime.domain, doc, cliActor(), replay);
        print(`replayed ${replayed} failed sync jobs`);
      }),
    );
  sync
    .command('approve-deletes <tenant> <connector>')
    .description('apply the deprovisions the deletion guard held')
    .action((tenant, name) =>
      withRuntime(async (runtime) => {
        const { userIds } = await approveDeletes(runtime.domain, tenant, name, cliActor());
        print(`approved ${userIds.length} held deprovisions; the workers apply them`);
      }),
    );
}
