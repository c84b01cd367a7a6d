import type { Command } from 'commander';
import { INDEXES } from '../store/index.js';
import { serve } from '../main.js';
import { startWorkers } from '../../workers/index.js';
import { connectorRouteDeps } from '../../workers/sync/index.js';
import { cliConfig, cliLogger, onSignals, withRuntime } from './context.js';

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API: SCIM, SAML, authorization, admin, ops pages, /healthz, /readyz')
    .action(async () => {
      const config = cliConfig();
      const running = await serve(config, cliLogger(config, config.logLevel), {
        connectors: connectorRouteDeps,
        startWorkers,
      });
      onSignals(running.shutdown);
    });
  program
    .command('migrate')
    .description('create every declared index (idempotent)')
    .action(async () => {
      const engine = await withRuntime(async (runtime) => runtime.store.engine);
      const count = Object.values(INDEXES).reduce((n, list) => n + list.length, 0);
      process.stdout.write(`indexes in place on the ${engine} engine: ${count}\n`);
    });
}
