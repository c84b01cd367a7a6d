import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, killLeftoverServes, runCli, startServe } from '../../helpers/cli.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';

// The console's connector rows and buttons as `roster serve` wires them (src/cli/server-commands.ts
// hands serve the engine side, workers/ops-console.ts): a connector added with the CLI shows on
// /ops, and Full resync, which only the engine side can do, is queued from the page.

const CHILD_PROCESSES = { timeout: 120_000 };

describe('roster serve: the ops console’s connector rows', CHILD_PROCESSES, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let down: ScimDouble;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-serve-console-'));
    env = {
      ROSTER_DATA_DIR: dataDir,
      MONGODB_URI: '',
      ROSTER_REDIS_PREFIX: `roster-serve-console:${process.pid}:${Date.now()}:`,
    };
    down = await startScimDouble();
  });
  afterEach(async () => {
    killLeftoverServes();
    await down.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows a connector added with the CLI and queues its full resync from the page', async () => {
    const served = await startServe(env, await freePort());
    expect((await runCli(['tenant', 'create', 'acme', '--plan', 'enterprise'], env)).code).toBe(0);
    const config = path.join(dataDir, 'slack.json');
    await writeFile(config, JSON.stringify({ baseUrl: down.url, auth: { type: 'bearer', token: down.token } }));
    const added = await runCli(['connector', 'add', 'acme', 'slack', 'scim', '--config', config], env);
    expect(added.code).toBe(0);
    const key = (
      await runCli(['operator', 'key', 'create', '--name', 'Ada', '--role', 'ops:write'], env)
    ).stdout.trim();

    const signIn = await fetch(`${served.url}/ops/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ key }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const html = { cookie, accept: 'text/html' };
    const page = async () => (await fetch(`${served.url}/ops`, { headers: html })).text();

    const before = await page();
    const row = /<tr data-target="([^"]+)"><td><strong>slack<\/strong>/.exec(before);
    expect(row).not.toBeNull();
    expect(before).toContain('data-action="connector-full-sync"');
    const csrf = /name="csrf" value="([^"]+)"/.exec(before)![1];

    const action = await fetch(`${served.url}/ops/actions/connector-full-sync`, {
      method: 'POST',
      headers: html,
      body: new URLSearchParams({ csrf, tenant: 'acme', id: row![1] }),
      redirect: 'manual',
    });
    expect(action.status).toBe(303);
    expect(await page()).toMatch(/data-flash="ok">\s*connector slack: full sync \w+ queued, 0 objects/);
    expect(await served.stop()).toBe(0);
  });
});
