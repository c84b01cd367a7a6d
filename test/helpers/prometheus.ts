import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Reading /metrics as Prometheus does: promtool (Debian's prometheus package, installed by
// scripts/ensure-promtool.sh) checks the exposition, and a small reader picks sample values.

const run = promisify(execFile);

export async function promtool(args: string[], input?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile('promtool', args, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

export const promtoolVersion = () => run('promtool', ['--version']).then((r) => r.stdout + r.stderr);

/** The value of the sample `name{labels}` (labels matched as a subset), or undefined. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[4]);
  }
  return undefined;
}
