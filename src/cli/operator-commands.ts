import type { Command } from 'commander';
import { createOperatorKey, listOperatorKeys, revokeOperatorKey } from '../operators/index.js';
import { cliActor, withDirectory } from './context.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** `roster operator key create|list|revoke`: keys for the ops console (/ops). */
export function registerOperatorCommands(program: Command): void {
  const keys = program
    .command('operator')
    .description('manage platform operators of the ops console')
    .command('key')
    .description('manage operator keys');
  keys
    .command('create')
    .description('issue an operator key; it is printed once and only its hash is stored')
    .option('--name <name>', 'who holds it')
    .option('--role <role>', 'ops:read (look) or ops:write (look and act)', 'ops:read')
    .option('--expires <iso>', 'expiry as an ISO-8601 date-time')
    .action(async (opts: { name?: string; role: string; expires?: string }) => {
      const { credential, secret } = await withDirectory((deps) =>
        createOperatorKey(deps, { name: opts.name, role: opts.role, expiresAt: opts.expires, actor: cliActor() }),
      );
      process.stderr.write(
        `operator key ${credential._id} (${credential.roles.join(', ')}); store it now, it is not shown again:\n`,
      );
      print(secret);
    });
  keys
    .command('list')
    .description('list operator keys (never the secrets)')
    .action(async () => {
      for (const k of await withDirectory((deps) => listOperatorKeys(deps))) {
        const state = k.revokedAt
          ? 'revoked'
          : k.expiresAt && Date.parse(k.expiresAt) <= Date.now()
            ? 'expired'
            : 'active';
        print(`${k._id}\t${k.hint}\t${state}\t${k.roles.join(',')}\t${k.name}\tlast used ${k.lastUsedAt ?? 'never'}`);
      }
    });
  keys
    .command('revoke <id>')
    .description('revoke an operator key; its sessions end at their next request')
    .action(async (id: string) => {
      await withDirectory((deps) => revokeOperatorKey(deps, id, cliActor()));
      print(`revoked operator key ${id}`);
    });
}
