import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO_ROOT, 'bin/roster.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `roster <args>` as a real child process, the way an operator would. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** What it wrote to stdout alone (its log lines). */
  stdout(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Resolves with the output so far once `pattern` appears in it; rejects if the child exits first. */
export function outputMatching(child: ChildProcess, pattern: RegExp, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(output())) return;
      cleanup();
      resolve(output());
    };
    const exited = (code: number | null) => {
      cleanup();
      reject(new Error(`exited (${code}) before printing ${pattern}:\n${output()}`));
    };
    const cleanup = () => {
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

const running = new Set<ChildProcess>();

/** Kills every `roster serve` a test started and did not stop (a test that failed half-way). */
export function killLeftoverServes(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/** Starts `roster serve` and resolves once it says it is serving (src/main.ts logs `roster serving`). */
export async function spawnServe(
  env: Record<string, string>,
  port: number,
  args: string[] = [],
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    // ROSTER_METRICS_PORT 0: a free port, so servers of concurrent tests never share the metrics port.
    env: {
      ...process.env,
      ROSTER_LOG_LEVEL: 'info',
      ROSTER_PORT: String(port),
      ROSTER_HOST: '127.0.0.1',
      ROSTER_METRICS_PORT: '0',
      ...env,
    },
    cwd: REPO_ROOT,
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (d) => {
    output += d;
    stdout += d;
  });
  child.stderr!.on('data', (d) => (output += d));
  running.add(child);
  const exited = once(child, 'exit');
  await outputMatching(child, /"msg":"roster serving"/, () => output);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stdout: () => stdout,
    async stop() {
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Starts `roster serve` and resolves once it serves and /readyz answers 200. */
export async function startServe(
  env: Record<string, string>,
  port: number,
  args: string[] = [],
): Promise<ServeProcess> {
  const served = await spawnServe(env, port, args);
  const ready = await fetch(`${served.url}/readyz`);
  if (ready.status !== 200) {
    served.child.kill('SIGKILL');
    throw new Error(`roster serve is not ready: ${ready.status} ${await ready.text()}\n${served.output()}`);
  }
  return served;
}

/** Resolves once nothing accepts connections on the port any more (a server that began closing). */
export async function untilRefused(port: number): Promise<void> {
  const { connect } = await import('node:net');
  const { setImmediate } = await import('node:timers/promises');
  for (;;) {
    const socket = connect(port, '127.0.0.1');
    const refused = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(false));
      socket.once('error', () => resolve(true));
    });
    socket.destroy();
    if (refused) return;
    await setImmediate();
  }
}

/** A port nothing listens on, outside the kernel's ephemeral range (test/helpers/ports.ts says why). */
export { freePort } from './ports.js';
