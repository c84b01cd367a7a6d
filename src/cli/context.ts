import { pino } from 'pino';
import { loadConfig, type Config } from '../../config/index.js';
import { createRecorder } from '../audit/index.js';
import type { Actor } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import { createLogger, type Logger } from '../logging/index.js';
import { createStore } from '../store/index.js';

/** Commands act as the operator at this terminal. */
export const CLI_ACTOR: Actor = { type: 'cli', id: process.env.USER || 'operator' };

export function cliConfig(): Readonly<Config> {
  return loadConfig();
}

/** Logs of one-shot commands go to stderr, so stdout holds only what the command prints. */
export function cliLogger(config: Readonly<Config>, level = 'warn'): Logger {
  return createLogger(config.logLevel === 'info' ? level : config.logLevel, pino.destination(2));
}

/** Opens the store for one command and always closes it. */
export async function withDirectory<R>(work: (deps: DomainDeps) => Promise<R>): Promise<R> {
  const config = cliConfig();
  const logger = cliLogger(config);
  const store = await createStore({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    logger,
    ttlSweepSeconds: 0,
  });
  try {
    return await work({ store, recorder: createRecorder({ auditRetentionDays: config.auditRetentionDays }) });
  } finally {
    await store.close();
  }
}

/** Ends the process cleanly on SIGTERM/SIGINT after `stop` has finished. */
export function onSignals(stop: () => Promise<void>): void {
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
