import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('roster audit list|export|retention', () => {
  let env: Record<string, string>;
  // Each step is a real `roster` process (several seconds each on a loaded 2-core machine).
  beforeEach(async () => {
    env = { ROSTER_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'roster-audit-cli-')) };
    expect((await runCli(['tenant', 'create', 'acme'], env)).code).toBe(0);
  }, 60_000);
  afterEach(() => rm(env.ROSTER_DATA_DIR, { recursive: true, force: true }));

  it('lists, sets retention, and exports what it did', async () => {
    const list = await runCli(['audit', 'list', 'acme', '--action', 'tenant.created'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\ttenant\.created\tsuccess\tcli:\S+\ttenant:acme\t/);

    const set = await runCli(['audit', 'retention', 'acme', '--days', '30'], env);
    expect(set).toMatchObject({ code: 0 });
    expect(set.stdout).toContain('keeps audit records 30 days (tenant)');
    expect((await runCli(['audit', 'retention', 'acme'], env)).stdout).toContain('30 days (tenant)');

    const csv = await runCli(['audit', 'export', 'acme', '--format', 'csv', '--action', 'audit_retention.*'], env);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'id,seq,time,action,outcome,actor_type,actor_id,target_type,target_id,reason,source_ip,request_id,details',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(',audit_retention.updated,success,cli,');
  }, 120_000);

  it('names the bad option the way the API names the parameter', async () => {
    const bad = await runCli(['audit', 'list', 'acme', '--from', 'soon'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('from: must be an RFC 3339 date-time');
    const unknown = await runCli(['audit', 'list', 'nope'], env);
    expect(unknown.stderr).toContain('tenant "nope" does not exist');
  }, 120_000);
});
