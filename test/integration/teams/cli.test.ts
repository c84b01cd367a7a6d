import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

// `roster team …`, `roster user …` and `roster tenant update` as an operator runs them: real
// child processes on one embedded store.

describe('roster team, user and tenant update commands', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const roster = async (...args: string[]) => {
    const result = await runCli(args, env);
    if (result.code !== 0) throw new Error(`roster ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-team-cli-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '' };
    await roster('tenant', 'create', 'acme', '--plan', 'free', '--preset', 'org-hierarchy');
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  // Few invocations: each one starts Node and compiles the sources (seconds on a busy machine).
  it("changes a tenant's plan and settings, and refuses an unknown plan", async () => {
    const out = await roster(
      'tenant',
      'update',
      'acme',
      '--plan',
      'pro',
      '--allowed-models',
      'mistral-small-latest,acme-large-2',
      '--max-requests-per-day',
      '5',
    );
    expect(out).toMatch(/updated tenant acme: plan pro/);
    expect(out).toMatch(/allowed models mistral-small-latest, acme-large-2/);
    expect(out).toMatch(/max requests per day 5, approval off/);
    const bad = await runCli(['tenant', 'update', 'acme', '--plan', 'platinum'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/plan "platinum" must be one of free, pro, enterprise/);
  }, 120_000);

  it('creates a team, invites by email (token printed once) and lists the invitation', async () => {
    expect(await roster('team', 'create', 'acme', 'Platform')).toMatch(/created team \S+ \(Platform\)/);
    const invite = await runCli(['team', 'invite', 'acme', 'Platform', 'ivy@acme.test', '--role', 'admin'], env);
    expect(invite.code).toBe(0);
    expect(invite.stdout.trim()).toMatch(/^rst_inv_\S+$/);
    expect(await roster('team', 'invitations', 'acme', 'platform')).toMatch(/\tivy@acme\.test\tadmin\tpending\t/);
  }, 120_000);

  it('refuses a member that does not exist', async () => {
    const missing = await runCli(['team', 'add-member', 'acme', 'Platform', 'nobody'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/user nobody does not exist/);
  }, 120_000);
});
