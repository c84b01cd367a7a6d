import type { Command } from 'commander';
import { createStore, INDEXES } from '../store/index.js';
import { serve } from '../main.js';
import { cliConfig, cliLogger } from './context.js';

/** Ends the process cleanly on SIGTERM/SIGINT after `stop` has finished. */
function onSignals(stop: () => Promise<void>): void {
  const handler = (signal: string) => {
    void stop().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`roster: error while stopping after ${signal}: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API: SCIM, SAML, authorization, admin, ops pages, /healthz, /readyz')
    .action(async () => {
      const config = cliConfig();
      const running = await serve(config, cliLogger(config, config.logLevel));
      onSignals(running.shutdown);
    });
  program
    .command('migrate')
    .description('create every declared index (idempotent)')
    .action(async () => {
      const config = cliConfig();
      const store = await createStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger: cliLogger(config), ttlSweepSeconds: 0 });
      await store.close();
      const count = Object.values(INDEXES).reduce((n, list) => n + list.length, 0);
      process.stdout.write(`indexes in place on the ${store.engine} engine: ${count}\n`);
    });
}
