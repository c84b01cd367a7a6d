import type { Command } from 'commander';
import { startWorkers } from '../../workers/index.js';
import { createStore } from '../store/index.js';
import { cliConfig, cliLogger, onSignals } from './context.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the outbox relay and the BullMQ workers')
    .action(async () => {
      const config = cliConfig();
      const logger = cliLogger(config, config.logLevel);
      const store = await createStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
      const workers = await startWorkers({ config, store, logger });
      onSignals(async () => {
        await workers.stop();
        await store.close();
      });
    });
}
