import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, deleteKeysWithPrefix } from '../../src/redis/index.js';
import { freePort, REPO_ROOT, type ServeProcess, startServe } from '../helpers/cli.js';

// The README's tour, run from the README text itself: every ```sh block under the "Tour" heading,
// in order, in one bash session (variables carry over, as in a terminal), against a fresh
// `roster serve` on a free port. Each step's output is checked, so the README cannot drift.

const MARK = '::tour-step::';

async function tourBlocks(): Promise<string[]> {
  const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.search(/^### Tour\b.*$/m);
  if (start < 0) throw new Error('README.md has no "### Tour" heading');
  const body = readme.slice(readme.indexOf('\n', start) + 1);
  const end = body.search(/^#{1,3} /m);
  const section = end < 0 ? body : body.slice(0, end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

async function runTour(
  blocks: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; steps: string[] }> {
  const script = blocks.map((block) => `echo '${MARK}'\n${block}`).join('\n');
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, steps: output.split(`${MARK}\n`).slice(1) };
}

const json = (line: string) => JSON.parse(line);

describe('the README tour', () => {
  let dataDir: string;
  let prefix: string;
  let served: ServeProcess;
  let result: { code: number | null; steps: string[] };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-tour-'));
    prefix = `roster-tour:${randomUUID()}:`;
    const env = { ROSTER_DATA_DIR: dataDir, ROSTER_REDIS_PREFIX: prefix, MONGODB_URI: '', ROSTER_LOG_LEVEL: 'warn' };
    // startServe waits for the server's `roster serving` line, which it logs at info.
    served = await startServe({ ...env, ROSTER_LOG_LEVEL: 'info' }, await freePort());
    // The tour's commands read ROSTER for the URL; the CLI finds the same data folder and prefix.
    result = await runTour(await tourBlocks(), { ...env, ROSTER: served.url });
  }, 600_000);

  afterAll(async () => {
    await served?.stop();
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs every block to the end, six steps', () => {
    expect(result.steps.join('')).not.toMatch(/command not found|curl: \(/);
    expect(result.code).toBe(0);
    expect(result.steps).toHaveLength(6);
  });

  it('1: creates the tenant, a SCIM token and an admin key', () => {
    expect(result.steps[0]).toContain('created tenant acme (plan enterprise, preset api-platform)');
    expect(result.steps[0]).toMatch(/SCIM token [0-9a-f-]{36} for tenant acme/);
    expect(result.steps[0]).toMatch(/admin API key [0-9a-f-]{36} for tenant acme/);
  });

  it('2: provisions the user over SCIM and prints its id', () => {
    expect(result.steps[1].trim()).toMatch(/^user [0-9a-f-]{36}$/);
  });

  it('3: creates the group and adds the member (204)', () => {
    expect(result.steps[2].trim()).toBe('204');
  });

  it('4: maps the group by its Entra object id', () => {
    expect(json(result.steps[3].trim())).toEqual({
      strategy: 'highest',
      defaultRole: 'viewer',
      rules: [{ groupId: '5f3c9a1e-8d2b-4c6f-a7e0-1b2c3d4e5f60', role: 'developer' }],
    });
  });

  it('5: answers allow for a permission the role grants and deny for one it does not', () => {
    const [granted, denied] = result.steps[4].trim().split('\n').map(json);
    expect(granted).toEqual({ allow: true, reason: 'granted by role developer via models:use:large' });
    expect(denied).toEqual({ allow: false, reason: 'denied: no grant' });
  });

  it("6: lists the user's capabilities from the mapped group", () => {
    const capabilities = json(result.steps[5].trim());
    expect(capabilities).toMatchObject({
      user: { userName: 'ada@acme.example', displayName: 'Ada Lovelace', active: true },
      groups: ['Engineering'],
      roles: ['developer'],
    });
    expect(capabilities.permissions).toContain('models:use:large');
  });
});
