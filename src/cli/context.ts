import { pino } from 'pino';
import { loadConfig, type Config } from '../../config/index.js';
import type { Actor } from '../audit/index.js';
import type { DomainDeps } from '../domain/index.js';
import { createLogger, type Logger } from '../logging/index.js';
import { createRuntime, type Runtime } from '../runtime.js';

/** Commands act as the operator at this terminal (the login name comes through the config). */
export function cliActor(config: Readonly<Config> = cliConfig()): Actor {
  return { type: 'cli', id: config.operatorName };
}

export function cliConfig(): Readonly<Config> {
  return loadConfig();
}

/** Logs of one-shot commands go to stderr, so stdout holds only what the command prints. */
export function cliLogger(config: Readonly<Config>, level = 'warn'): Logger {
  return createLogger(config.logLevel === 'info' ? level : config.logLevel, pino.destination(2));
}

/**
 * `roster serve` logs to stdout, synchronously: each line is written before the next statement
 * runs, so the lines of requests already answered survive a SIGKILL or an OOM kill (pino's
 * asynchronous destination would lose what it had buffered).
 */
export function serverLogger(config: Readonly<Config>): Logger {
  return createLogger(config.logLevel, pino.destination({ dest: 1, sync: true }));
}

/** Opens the runtime for one command and always closes it. */
export async function withRuntime<R>(work: (runtime: Runtime) => Promise<R>): Promise<R> {
  const config = cliConfig();
  const runtime = await createRuntime(config, cliLogger(config), { ttlSweepSeconds: 0 });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** The domain deps of one command, with the store closed afterwards. */
export function withDirectory<R>(work: (deps: DomainDeps) => Promise<R>): Promise<R> {
  return withRuntime((runtime) => work(runtime.domain));
}

/**
 * Ends the process cleanly on SIGTERM/SIGINT. Installed before anything starts: a signal that
 * arrives while the process is still starting (a rollout stopping a pod that just came up) waits
 * for the start to finish, then stops what started, instead of killing the process mid-start.
 */
export function onSignals(starting: Promise<() => Promise<void>>): void {
  const handler = (signal: string) => {
    void starting
      .then((stop) => stop())
      .then(
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
