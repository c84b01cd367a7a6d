import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { createLogger } from '../../../src/logging/index.js';
import { deleteKeysWithPrefix } from '../../../src/redis/index.js';
import { createRuntime } from '../../../src/runtime.js';
import { addConnector, quarantineConnector } from '../../../src/connectors/index.js';
import { addStream, suspendStream } from '../../../src/siem-streams/index.js';
import { connectorCatalogue } from '../../../workers/sync/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { runCli } from '../../helpers/cli.js';

// `roster status` as an operator runs it: a child process on the same embedded store shows a
// suspended SIEM stream and a quarantined connector with their reasons, as /ops does.

const CLI = { type: 'cli' as const, id: 'test' };

describe('roster status', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'roster-status-cli-'));
    env = { ROSTER_DATA_DIR: dataDir, MONGODB_URI: '', ROSTER_REDIS_PREFIX: `roster-status:${randomUUID()}:` };
    const runtime = await createRuntime(loadConfig(env), createLogger('silent'), { ttlSweepSeconds: 0 });
    try {
      await createTenant(runtime.domain, { id: 'acme', plan: 'enterprise', actor: CLI });
      const stream = await addStream(
        { ...runtime.domain, kinds: runtime.siemKinds, secretBox: runtime.secretBox },
        {
          tenantId: 'acme',
          actor: CLI,
          name: 'splunk-prod',
          kind: 'splunk_hec',
          config: { url: 'http://127.0.0.1:9', token: '9f1c2b7e-0000-4000-8000-000000000001', format: 'raw' },
        },
      );
      await suspendStream(runtime.domain, stream, 'HEC answered 403: invalid token', new Date());
      const connector = await addConnector(
        { ...runtime.domain, box: await runtime.secretBox(), catalogue: connectorCatalogue },
        {
          tenantId: 'acme',
          name: 'zoom-scim',
          kind: 'scim',
          config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'bearer', token: 'tok' } },
          actor: CLI,
        },
      );
      await quarantineConnector(runtime.domain, connector, {
        reason: 'the target refused the credentials: GET /Users: HTTP 401',
        baseMs: 3_600_000,
      });
    } finally {
      await runtime.close();
    }
  }, 60_000);
  afterAll(async () => {
    const runtime = await createRuntime(loadConfig(env), createLogger('silent'), { ttlSweepSeconds: 0 });
    await deleteKeysWithPrefix(runtime.redis, env.ROSTER_REDIS_PREFIX);
    await runtime.close();
    await rm(env.ROSTER_DATA_DIR, { recursive: true, force: true });
  });

  it('prints each tenant with its connectors and SIEM streams, naming those not active and why', async () => {
    const { code, stdout, stderr } = await runCli(['status'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^workers alive: 0/m);
    expect(stdout).toMatch(/^queue roster-events: 0 waiting/m);
    expect(stdout).toMatch(/^tenant acme \(enterprise\)/m);
    expect(stdout).toMatch(/stream splunk-prod \(splunk_hec\): suspended, \d+ pending, lag \d+ s — HEC answered 403/);
    const connector = stdout.split('\n').find((line) => line.includes('connector zoom-scim'));
    expect(connector?.trim()).toBe(
      'connector zoom-scim (scim): quarantined, 0 pending, lag 0 s, users 0/0, groups 0/0, 0 dead letters, ' +
        '0 held deletions — the target refused the credentials: GET /Users: HTTP 401',
    );
  }, 60_000);
});
