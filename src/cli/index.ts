import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/index.js';
import { RosterError } from '../errors/index.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerCredentialCommands, registerTenantCommands } from './directory-commands.js';
import { registerIdpCommands } from './idp-commands.js';
import { registerOperatorCommands } from './operator-commands.js';
import { registerStatusCommand } from './status-command.js';
import { registerUserCommands } from './access-commands.js';
import { registerTeamCommands } from './team-commands.js';
import { registerServerCommands } from './server-commands.js';
import { registerSiemCommands } from './siem-commands.js';
import { registerWorkerCommand } from './worker-command.js';
import { registerConnectorCommands } from './connector-commands.js';
import { registerSyncCommands } from './sync-commands.js';

function describe(err: unknown): string {
  if (err instanceof ConfigError) return err.problems.join('\n');
  if (err instanceof RosterError && err.expose) return `roster: ${err.message}`;
  return `roster: ${(err as Error)?.message ?? String(err)}`;
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('roster')
  .description('Roster: SCIM 2.0 provisioning, SAML 2.0 sign-on and RBAC for your tenants')
  .version(version, '-V, --version', 'print the version of Roster')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerServerCommands(program);
registerWorkerCommand(program);
registerTenantCommands(program);
registerCredentialCommands(program);
registerIdpCommands(program);
registerConnectorCommands(program);
registerSyncCommands(program);
registerOperatorCommands(program);
registerStatusCommand(program);
registerSiemCommands(program);
registerTeamCommands(program);
registerUserCommands(program);
registerAuditCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  process.stderr.write(`${describe(err)}\n`);
  process.exit(1);
}
