import type { Command } from 'commander';
import { startWorkers } from '../../workers/index.js';
import { createRuntime } from '../runtime.js';
import { cliConfig, cliLogger, onSignals } from './context.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the outbox relay and the BullMQ workers')
    .action(async () => {
      const config = cliConfig();
      const starting = (async () => {
        const runtime = await createRuntime(config, cliLogger(config, config.logLevel));
        const workers = await startWorkers(runtime);
        return async () => {
          await workers.stop();
          await runtime.close();
        };
      })();
      onSignals(starting);
      await starting;
    });
}
