import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  addConnector,
  getConnector,
  listConnectors,
  openConfig,
  pauseConnector,
  removeConnector,
  resumeConnector,
  viewConnector,
  type ConnectorScope,
} from '../connectors/index.js';
import { RosterError } from '../errors/index.js';
import { cliActor, withRuntime } from './context.js';
import { intFlag } from './flags.js';

// `roster connector …`: a tenant's downstream targets. Configuration comes from a JSON file (or
// stdin as "-") so tokens never sit in shell history; nothing printed ever shows a secret.
// The engine (workers/sync: octokit, webhooks …) is imported only by the commands that use it,
// so `roster tenant list` does not pay for loading it.
const engine = () => import('../../workers/sync/index.js');

const print = (value: unknown) =>
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (err) {
    throw new RosterError('invalid_input', `cannot read a JSON configuration from ${file}: ${(err as Error).message}`);
  }
}

function scopeOf(groups?: string): ConnectorScope {
  return groups
    ? {
        type: 'groups',
        groupIds: groups
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
      }
    : { type: 'all' };
}

export function registerConnectorCommands(program: Command): void {
  const connector = program
    .command('connector')
    .description("a tenant's downstream connectors (SCIM, GitHub, webhook, REST)");
  connector
    .command('add <tenant> <name> <kind>')
    .requiredOption(
      '--config <file>',
      'JSON configuration of the kind (see workers/sync/connectors/README.md), - for stdin',
    )
    .option('--groups <ids>', 'sync only members of these group ids (comma-separated)')
    .option('--deprovision <mode>', 'deactivate | delete', 'deactivate')
    // The accidental-deletion guard (src/connectors/deletions.ts); defaults 500 and 20%.
    .option('--max-deletes <count>', 'hold deprovisions above this many (default 500)', intFlag(0, 10_000_000))
    .option(
      '--max-delete-percent <percent>',
      "hold deprovisions above this share of the connector's users (default 20)",
      intFlag(0, 100),
    )
    .description('add a connector; its first full sync starts on the workers')
    .action((tenant, name, kind, opts) =>
      withRuntime(async (runtime) => {
        if (opts.deprovision !== 'deactivate' && opts.deprovision !== 'delete')
          throw new RosterError('invalid_input', '--deprovision takes deactivate or delete');
        const box = await runtime.secretBox();
        const { connectorCatalogue } = await engine();
        const doc = await addConnector(
          { ...runtime.domain, box, catalogue: connectorCatalogue },
          {
            tenantId: tenant,
            name,
            kind,
            config: readJson(opts.config),
            scope: scopeOf(opts.groups),
            deprovision: opts.deprovision,
            deleteGuard: {
              ...(opts.maxDeletes !== undefined ? { maxCount: opts.maxDeletes } : {}),
              ...(opts.maxDeletePercent !== undefined ? { maxPercent: opts.maxDeletePercent } : {}),
            },
            actor: cliActor(),
          },
        );
        print(viewConnector(box, doc));
      }),
    );
  connector
    .command('list [tenant]')
    .description('connectors with their state (secrets shown as [set])')
    .action((tenant) =>
      withRuntime(async (runtime) => {
        const box = await runtime.secretBox();
        print((await listConnectors(runtime.domain, tenant)).map((d) => viewConnector(box, d)));
      }),
    );
  connector
    .command('test <tenant> <connector>')
    .description("check the connector's credentials and reachability")
    .action((tenant, name) =>
      withRuntime(async (runtime) => {
        const doc = await getConnector(runtime.domain, tenant, name);
        const { createConnector } = await engine();
        const target = createConnector(doc.kind, openConfig(await runtime.secretBox(), doc), {
          tenantId: tenant,
          connectorId: doc._id,
        });
        try {
          await target.test();
          print(`connector ${doc.name}: ok`);
        } catch (err) {
          throw new RosterError('connector_test_failed', `connector ${doc.name}: ${(err as Error).message}`);
        } finally {
          await target.close?.();
        }
      }),
    );
  for (const [verb, run] of [
    ['pause', pauseConnector],
    ['resume', resumeConnector],
  ] as const)
    connector
      .command(`${verb} <tenant> <connector>`)
      .description(
        verb === 'pause' ? 'stop syncing (changes are caught up on resume)' : 'sync again; a full sync catches up',
      )
      .action((tenant, name) =>
        withRuntime(async (runtime) => {
          const doc = await run(runtime.domain, tenant, name, cliActor());
          print(`connector ${doc.name}: ${doc.state.status}`);
        }),
      );
  connector
    .command('remove <tenant> <connector>')
    .description('remove the connector and its sync state (downstream accounts are left as they are)')
    .action((tenant, name) =>
      withRuntime(async (runtime) => {
        const doc = await removeConnector(runtime.domain, tenant, name, cliActor());
        print(`connector ${doc.name}: removed`);
      }),
    );
}
