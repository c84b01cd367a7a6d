import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector, listConnectors } from '../../../src/connectors/index.js';
import { startSync } from '../../../workers/sync/index.js';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import {
  eventually,
  FAST_SYNC_ENV,
  scimUser,
  startSyncHarness,
  type SourceTenant,
  type SyncHarness,
} from '../../helpers/sync/sync-harness.js';

// `roster connector …` and `roster sync …` run as real child processes against the harness's
// data folder and Redis prefix, with real loopback downstreams: what an operator reads, that no
// secret is ever printed, and that a bad flag or name gets one clear line and a non-zero exit.
// Every command spawns a Node process (seconds each on a loaded box), so each test runs a few.

const CLI_TIMEOUT = 180_000;

function cliEnv(harness: SyncHarness): Record<string, string> {
  return {
    ...FAST_SYNC_ENV,
    ROSTER_DATA_DIR: harness.runtime.dataDir,
    ROSTER_REDIS_PREFIX: harness.runtime.prefix,
    MONGODB_URI: '',
    ROSTER_LOG_LEVEL: 'warn',
  };
}

/** A source harness, one SCIM downstream, and the environment the CLI children get. */
async function startCliSetup(options?: { workers: false }) {
  const source = await startSyncHarness(options);
  return { source, down: await startScimDouble(), env: cliEnv(source) };
}

async function configFile(harness: SyncHarness, name: string, config: unknown): Promise<string> {
  const file = path.join(harness.runtime.dataDir, `${name}.json`);
  await writeFile(file, JSON.stringify(config));
  return file;
}

/** A refusal an operator can act on: non-zero, nothing on stdout, a first line naming the problem, no stack. */
function expectRefused(result: CliResult, message: string | RegExp): void {
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stdout).toBe('');
  const [first] = result.stderr.trim().split('\n');
  expect(first).toMatch(/^(roster|error): /);
  expect(first).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('roster connector: add, list, test, pause, resume, remove', () => {
  let source: SyncHarness;
  let down: ScimDouble;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ source, down, env } = await startCliSetup());
  });
  afterAll(() => Promise.all([source.close(), down.close()]));

  it(
    'manages a connector through its life and never prints its token',
    async () => {
      const t = await source.tenant();
      const file = await configFile(source, 'acme-scim', {
        baseUrl: down.url,
        auth: { type: 'bearer', token: down.token },
      });
      const wrongToken = `wrong-${down.token}`;
      await t.addConnector({
        name: 'stale-token',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: wrongToken } },
      });
      const added = await runCli(
        [
          'connector',
          'add',
          t.tenant,
          'acme-scim',
          'scim',
          '--config',
          file,
          '--max-deletes',
          '3',
          '--max-delete-percent',
          '50',
        ],
        env,
      );
      expect(added.code, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({
        name: 'acme-scim',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: '[set]' } },
        scope: { type: 'all' },
        deprovision: 'deactivate',
        state: { status: 'active' },
        deleteGuard: { maxCount: 3, maxPercent: 50 },
      });
      const [listed, tested, refused] = await Promise.all([
        runCli(['connector', 'list', t.tenant], env),
        runCli(['connector', 'test', t.tenant, 'acme-scim'], env),
        runCli(['connector', 'test', t.tenant, 'stale-token'], env),
      ]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(
        JSON.parse(listed.stdout)
          .map((c: { name: string }) => c.name)
          .sort(),
      ).toEqual(['acme-scim', 'stale-token']);
      expect(tested.stdout.trim()).toBe('connector acme-scim: ok');
      expect(tested.code).toBe(0);
      expectRefused(refused, /^roster: connector stale-token: .*401/);

      const paused = await runCli(['connector', 'pause', t.tenant, 'acme-scim'], env);
      expect(paused.stdout.trim()).toBe('connector acme-scim: paused');
      expect((await getConnector(source.runtime.domain, t.tenant, 'acme-scim')).state.status).toBe('paused');
      const resumed = await runCli(['connector', 'resume', t.tenant, 'acme-scim'], env);
      expect(resumed.stdout.trim()).toBe('connector acme-scim: active');
      expect((await getConnector(source.runtime.domain, t.tenant, 'acme-scim')).state.status).toBe('active');
      const removed = await runCli(['connector', 'remove', t.tenant, 'acme-scim'], env);
      expect(removed.stdout.trim()).toBe('connector acme-scim: removed');
      expect((await listConnectors(source.runtime.domain, t.tenant)).map((c) => c.name)).toEqual(['stale-token']);

      for (const result of [added, listed, tested, refused, paused, resumed, removed]) {
        expect(result.stdout + result.stderr).not.toContain(down.token);
        expect(result.stdout + result.stderr).not.toContain(wrongToken);
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses bad flags, kinds, configurations and names with one clear line',
    async () => {
      const t = await source.tenant();
      const good = await configFile(source, 'good', { baseUrl: down.url, auth: { type: 'bearer', token: down.token } });
      const empty = await configFile(source, 'empty', {});
      const run = (...args: string[]) => runCli(args, env);
      const [noConfig, badMode, badKind, badConfig, missingFile, unknown, noConnector, unknownFlag, badGuard] =
        await Promise.all([
          run('connector', 'add', t.tenant, 'x', 'scim'),
          run('connector', 'add', t.tenant, 'x', 'scim', '--config', good, '--deprovision', 'zap'),
          run('connector', 'add', t.tenant, 'x', 'ldap', '--config', good),
          run('connector', 'add', t.tenant, 'x', 'scim', '--config', empty),
          run('connector', 'add', t.tenant, 'x', 'scim', '--config', path.join(source.runtime.dataDir, 'absent.json')),
          run('connector', 'pause', t.tenant, 'nope'),
          run('sync', 'user', t.tenant, 'ada@acme.example'),
          run('sync', 'full', t.tenant, '--everything'),
          run('connector', 'add', t.tenant, 'x', 'scim', '--config', good, '--max-delete-percent', '150'),
        ]);
      expectRefused(noConfig, "required option '--config <file>' not specified");
      expectRefused(badMode, '--deprovision takes deactivate or delete');
      expectRefused(badKind, /unknown connector kind "ldap"/);
      expectRefused(badConfig, /baseUrl/);
      expectRefused(missingFile, /cannot read a JSON configuration from .*absent\.json/);
      expectRefused(unknown, `tenant "${t.tenant}" has no connector "nope"`);
      expectRefused(noConnector, "required option '--connector <name>' not specified");
      expectRefused(unknownFlag, "unknown option '--everything'");
      expectRefused(
        badGuard,
        /option '--max-delete-percent <percent>' argument '150' is invalid. expected a whole number/,
      );
      // Nothing half-made: the refused adds left no connector behind.
      expect(await listConnectors(source.runtime.domain, t.tenant)).toEqual([]);
    },
    CLI_TIMEOUT,
  );
});

describe('roster sync full, user and status', () => {
  // The sync workers run here but the outbox relay does not, so the only jobs are the ones the
  // commands queue: `sync full`'s counts are exactly its own, whatever ran before.
  let source: SyncHarness;
  let down: ScimDouble;
  let env: Record<string, string>;
  let sync: { stop(): Promise<void> };
  beforeAll(async () => {
    ({ source, down, env } = await startCliSetup({ workers: false }));
    sync = await startSync(source.runtime);
  });
  afterAll(async () => {
    await sync.stop();
    await Promise.all([source.close(), down.close()]);
  });

  const remote = (userName: string) => [...down.users.values()].find((u) => u.userName === userName);
  const scimId = async (t: SourceTenant, userName: string) =>
    (await t.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.Resources[0].id;

  it(
    'sync full shows progress and a summary; sync user prints desired, remote, diff, calls and result',
    async () => {
      const t = await source.tenant();
      for (const name of ['ada', 'bob', 'cy'])
        expect((await t.scim('POST', '/Users', scimUser(`${name}@acme.example`))).status).toBe(201);
      await t.addConnector({
        name: 'acme',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      });

      const first = await runCli(['sync', 'full', t.tenant, '--connector', 'acme'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout.trim()).toBe('acme: created 3, updated 0, removed 0, unchanged 0, failed 0, held 0');
      // The progress bar goes to stderr, one line at least even without a terminal, ending complete.
      expect(first.stderr).toMatch(/acme \[[^\]]*\] 3\/3 100%/);
      expect(down.users.size).toBe(3);

      // Changes the event stream has not delivered (no relay here): sync user and the next full run find them.
      const bob = await scimId(t, 'bob@acme.example');
      const cy = await scimId(t, 'cy@acme.example');
      const replace = (path: string, value: unknown) => ({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path, value }],
      });
      expect((await t.scim('PATCH', `/Users/${bob}`, replace('displayName', 'Robert'))).status).toBe(200);
      expect((await t.scim('PATCH', `/Users/${cy}`, replace('active', false))).status).toBe(200);
      expect((await t.scim('POST', '/Users', scimUser('dee@acme.example'))).status).toBe(201);

      const onDemand = await runCli(['sync', 'user', t.tenant, 'dee@acme.example', '--connector', 'acme'], env);
      expect(onDemand.code, onDemand.stderr).toBe(0);
      const [steps, after] = onDemand.stdout.split(/\n(?=\{)/).map((block) => JSON.parse(block));
      expect(steps).toMatchObject({
        desired: { present: true, user: { userName: 'dee@acme.example', active: true } },
        remote: null,
        diff: 'create',
        calls: ['findUser', 'createUser'],
        result: 'created',
      });
      expect(after.after).toMatchObject({ status: 'provisioned', remoteId: remote('dee@acme.example')?.id });
      // Again: nothing left to do, and it says so.
      const again = await runCli(['sync', 'user', t.tenant, 'dee@acme.example', '--connector', 'acme'], env);
      expect(JSON.parse(again.stdout.split(/\n(?=\{)/)[0])).toMatchObject({
        diff: 'none',
        calls: [],
        result: 'unchanged',
      });

      const second = await runCli(['sync', 'full', t.tenant, '--connector', 'acme'], env);
      expect(second.stdout.trim()).toBe('acme: created 0, updated 1, removed 1, unchanged 2, failed 0, held 0');
      expect(remote('bob@acme.example')?.displayName).toBe('Robert');
      expect(remote('cy@acme.example')?.active).toBe(false);
      expect(down.creates.get('dee@acme.example')).toBe(1);

      const status = await runCli(['sync', 'status', t.tenant], env);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({
        connectors: [
          {
            tenant: t.tenant,
            connector: 'acme',
            kind: 'scim',
            state: { status: 'active' },
            counts: { provisioned: 3, deprovisioned: 1, failed: 0 },
            lastFullSync: { created: 0, updated: 1, removed: 1, unchanged: 2, total: 4 },
          },
        ],
        queue: { failed: 0 },
      });
      for (const result of [first, onDemand, again, second, status])
        expect(result.stdout + result.stderr).not.toContain(down.token);
    },
    CLI_TIMEOUT,
  );
});

describe('roster sync retry-failed and approve-deletes', () => {
  let source: SyncHarness;
  let down: ScimDouble;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ source, down, env } = await startCliSetup());
  });
  afterAll(() => Promise.all([source.close(), down.close()]));

  it(
    'retry-failed replays a job the target refused, once the target is fixed',
    async () => {
      const t = await source.tenant();
      down.failAll({ status: 400, body: { detail: 'userName rejected by policy' } });
      const doc = await t.addConnector({
        name: 'picky',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      });
      expect((await t.scim('POST', '/Users', scimUser('eve@acme.example'))).status).toBe(201);
      await eventually('the job dead-lettered', async () => (await source.runtime.queues.sync.getFailedCount()) > 0);
      const failed = await runCli(['sync', 'status', t.tenant], env);
      expect(JSON.parse(failed.stdout).connectors[0].counts.failed).toBe(1);
      down.failAll(undefined);
      const replayed = await runCli(['sync', 'retry-failed', t.tenant, '--connector', 'picky'], env);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stdout.trim()).toMatch(/^replayed [1-9]\d* failed sync jobs$/);
      await eventually('eve downstream', () => [...down.users.values()].some((u) => u.userName === 'eve@acme.example'));
      expect(down.creates.get('eve@acme.example')).toBe(1);
      expect((await t.connector(doc._id)).state.status).toBe('active');
    },
    CLI_TIMEOUT,
  );

  it(
    'approve-deletes applies the deprovisions the guard held, and says when nothing is held',
    async () => {
      const t = await source.tenant();
      await t.addConnector({
        name: 'guarded',
        kind: 'scim',
        config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
        deleteGuard: { maxCount: 1, minCount: 100 },
      });
      const ids: string[] = [];
      for (const name of ['fay', 'gus', 'hal'])
        ids.push((await t.scim('POST', '/Users', scimUser(`${name}.${t.tenant}@acme.example`))).body.id);
      const remoteOf = (name: string) =>
        [...down.users.values()].find((u) => u.userName === `${name}.${t.tenant}@acme.example`);
      await eventually('three users downstream', () => ['fay', 'gus', 'hal'].every((n) => remoteOf(n)));
      const nothing = await runCli(['sync', 'approve-deletes', t.tenant, 'guarded'], env);
      expectRefused(nothing, 'connector "guarded" holds no deletions');

      const deactivate = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      };
      for (const id of ids) expect((await t.scim('PATCH', `/Users/${id}`, deactivate)).status).toBe(200);
      // One deprovision is within the guard (maxCount 1); the other two wait for approval.
      await eventually(
        'two deprovisions held',
        async () => (await t.connector('guarded')).heldDeletions?.userIds.length === 2,
      );
      const deactivated = () => ['fay', 'gus', 'hal'].filter((n) => remoteOf(n)?.active === false);
      await eventually('the one within the guard deactivated', () => deactivated().length === 1);
      const approved = await runCli(['sync', 'approve-deletes', t.tenant, 'guarded'], env);
      expect(approved.code, approved.stderr).toBe(0);
      expect(approved.stdout.trim()).toBe('approved 2 held deprovisions; the workers apply them');
      await eventually('all three deactivated', () =>
        ['fay', 'gus', 'hal'].every((n) => remoteOf(n)?.active === false),
      );
      expect((await t.connector('guarded')).heldDeletions).toBeUndefined();
    },
    CLI_TIMEOUT,
  );
});
