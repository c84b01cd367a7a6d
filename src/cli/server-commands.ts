import type { Command } from 'commander';
import { INDEXES } from '../store/index.js';
import { serve } from '../main.js';
import { loadConfig } from '../../config/index.js';
import { opsSyncDeps, startWorkers } from '../../workers/index.js';
import { connectorRouteDeps } from '../../workers/sync/index.js';
import { onSignals, serverLogger, withRuntime } from './context.js';
import { hostFlag, portFlag } from './flags.js';

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API: SCIM, SAML, authorization, admin, ops pages, /healthz, /readyz')
    .option('--port <port>', 'HTTP port (overrides ROSTER_PORT)', portFlag)
    .option('--host <host>', 'address to bind (overrides ROSTER_HOST)', hostFlag)
    .action(async (opts: { port?: string; host?: string }) => {
      const config = loadConfig(process.env, {
        ...(opts.port ? { ROSTER_PORT: opts.port } : {}),
        ...(opts.host ? { ROSTER_HOST: opts.host } : {}),
      });
      const running = serve(config, serverLogger(config), {
        connectors: connectorRouteDeps,
        startWorkers,
        opsSync: opsSyncDeps,
      });
      onSignals(running.then((started) => started.shutdown));
      await running;
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
