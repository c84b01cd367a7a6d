import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../src/credentials/index.js';
import { runCli } from '../../helpers/cli.js';

/** Every byte the embedded engine wrote (database file and its WAL). */
async function storeBytes(dir: string): Promise<string> {
  const files = await readdir(dir);
  const parts = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  return Buffer.concat(parts).toString('latin1');
}

// Each test runs `roster` as child processes, each loading the TypeScript sources: on a loaded
// 2-core machine one takes several seconds, so these tests get more than vitest.config.ts's 30 s.
const CHILD_PROCESSES = { timeout: 120_000 };

describe('roster CLI', CHILD_PROCESSES, () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-cli-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '' };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('creates and lists tenants with their plan', async () => {
    expect(
      (await runCli(['tenant', 'create', 'acme', '--plan', 'enterprise', '--name', 'Acme Inc'], env)).stdout,
    ).toMatch(/created tenant acme \(plan enterprise, preset api-platform\)/);
    const list = await runCli(['tenant', 'list', '--json'], env);
    const tenants = JSON.parse(list.stdout);
    expect(tenants).toHaveLength(1);
    expect(tenants[0]).toMatchObject({
      _id: 'acme',
      name: 'Acme Inc',
      plan: 'enterprise',
      settings: { requireApproval: true, maxRequestsPerDay: 1_000_000 },
    });
  });

  it('prints a SCIM token once and stores only its SHA-256', async () => {
    await runCli(['tenant', 'create', 'acme'], env);
    const created = await runCli(['token', 'create', 'acme', '--name', 'okta'], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^rst_scim_[A-Za-z0-9_-]{43}$/);
    const bytes = await storeBytes(dataDir);
    expect(bytes).not.toContain(token);
    expect(bytes).toContain(hashSecret(token));
    const list = await runCli(['token', 'list', 'acme'], env);
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).toMatch(/active\tokta/);
  });

  it('revokes a token by id', async () => {
    await runCli(['tenant', 'create', 'acme'], env);
    const created = await runCli(['token', 'create', 'acme'], env);
    const id = created.stderr.match(/SCIM token ([0-9a-f-]{36})/)![1];
    expect((await runCli(['token', 'revoke', 'acme', id], env)).stdout).toContain(`revoked SCIM token ${id}`);
    expect((await runCli(['token', 'list', 'acme'], env)).stdout).toMatch(/\trevoked\t/);
    const again = await runCli(['token', 'revoke', 'acme', id], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('issues admin API keys with their own prefix', async () => {
    await runCli(['tenant', 'create', 'acme'], env);
    const created = await runCli(['key', 'create', 'acme'], env);
    expect(created.stdout.trim()).toMatch(/^rst_key_/);
  });

  it('refuses a token for a tenant that does not exist, in one line', async () => {
    const result = await runCli(['token', 'create', 'nope'], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('roster: tenant "nope" does not exist');
  });

  it('refuses a malformed tenant id and a duplicate tenant', async () => {
    const bad = await runCli(['tenant', 'create', 'Bad_Name'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/tenant id "Bad_Name" must be/);
    await runCli(['tenant', 'create', 'acme'], env);
    const dup = await runCli(['tenant', 'create', 'acme'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe('roster: tenant "acme" already exists');
  });

  it('stops on a config typo with one line naming the key', async () => {
    const result = await runCli(['serve'], { ...env, ROSTER_PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('config error: ROSTER_PORT: expected an integer from 1 to 65535, got "abc"');
  });

  it('prints help for every command', async () => {
    const top = await runCli(['--help'], env);
    for (const cmd of ['serve', 'worker', 'migrate', 'tenant', 'token', 'key']) expect(top.stdout).toContain(cmd);
    const token = await runCli(['token', 'create', '--help'], env);
    expect(token.stdout).toContain('--expires <iso>');
  });

  it('creates the indexes with migrate', async () => {
    const result = await runCli(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/indexes in place on the embedded engine: \d+/);
  });
});
