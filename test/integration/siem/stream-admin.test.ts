import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { runCli } from '../../helpers/cli.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { startHecReceiver, type HecReceiver } from '../../helpers/siem/hec-receiver.js';

// The SIEM stream admin API and `roster siem`: secrets go in, never come out.

const ADMIN = { type: 'cli', id: 'siem-admin-test' } as const;
const TOKEN = '5e1d0c3a-aaaa-4bbb-8ccc-000000000042';

describe('SIEM stream admin API', () => {
  let server: TestServer;
  let key: string;
  let hec: HecReceiver;
  beforeEach(async () => {
    server = await startTestServer();
    hec = await startHecReceiver({ token: TOKEN });
    await createTenant(server.directory, { id: 'acme', actor: ADMIN });
    key = (await createCredential(server.directory, { tenantId: 'acme', kind: 'admin', actor: ADMIN })).secret;
  });
  afterEach(async () => {
    await hec.close();
    await server.close();
  });

  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      text,
      body: text ? JSON.parse(text) : undefined,
    };
  };

  it('adds, lists, tests, pauses, resumes, replays and removes a stream without ever returning its token', async () => {
    const created = await call('POST', '/v1/siem/streams', {
      name: 'splunk',
      kind: 'splunk_hec',
      config: { url: hec.url, token: TOKEN, index: 'security' },
      categories: ['iam', 'authentication'],
      batch: { maxEvents: 200 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'splunk',
      kind: 'splunk_hec',
      state: 'active',
      categories: ['iam', 'authentication'],
      batch: { maxEvents: 200, maxBytes: 1_000_000, maxWaitMs: 1000 },
      config: { url: hec.url, token: '[set]', index: 'security' },
    });
    const id = created.body.id;
    const replies = [
      created,
      await call('GET', '/v1/siem/streams'),
      await call('GET', `/v1/siem/streams/${id}`),
      await call('PATCH', `/v1/siem/streams/${id}`, { config: { index: 'audit' } }),
      await call('POST', `/v1/siem/streams/${id}/test`),
      await call('POST', `/v1/siem/streams/${id}/pause`),
      await call('POST', `/v1/siem/streams/${id}/resume`),
      await call('POST', `/v1/siem/streams/${id}/replay`, { from: '2020-01-01T00:00:00Z' }),
    ];
    for (const reply of replies) {
      expect(reply.status).toBeLessThan(300);
      expect(reply.text).not.toContain(TOKEN);
      expect(reply.text).not.toContain('"data"'); // no sealed envelope either
    }
    expect(replies[3].body.config).toEqual({ url: hec.url, token: '[set]', index: 'audit', ...replies[3].body.config });
    expect(replies[4].body).toEqual({ ok: true }); // the kept token still authenticates
    expect(replies[5].body.state).toBe('paused');
    expect(replies[6].body.state).toBe('active');
    expect(replies[7].body.cursor).toBeLessThan(created.body.cursor);
    expect((await call('DELETE', `/v1/siem/streams/${id}`)).status).toBe(204);
    expect((await call('GET', `/v1/siem/streams/${id}`)).status).toBe(404);
  });

  it('answers problem+json naming every config problem, an unknown kind and a duplicate name', async () => {
    const bad = await call('POST', '/v1/siem/streams', { name: 'x', kind: 'splunk_hec', config: { url: 'ftp://x' } });
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/application\/problem\+json/);
    expect(bad.body.detail).toMatch(/config\.url/);
    expect(bad.body.detail).toMatch(/config\.token/);
    const kind = await call('POST', '/v1/siem/streams', { name: 'x', kind: 'carrier_pigeon', config: {} });
    expect(kind.status).toBe(400);
    expect(kind.body.detail).toMatch(/splunk_hec/);
    const ok = { name: 'dup', kind: 'http_json', config: { url: hec.url } };
    expect((await call('POST', '/v1/siem/streams', ok)).status).toBe(201);
    expect((await call('POST', '/v1/siem/streams', ok)).status).toBe(409);
    const category = await call('POST', '/v1/siem/streams', { ...ok, name: 'c', categories: ['nope'] });
    expect(category.status).toBe(400);
  });

  it('reports a failed connection test with the reason', async () => {
    const created = await call('POST', '/v1/siem/streams', {
      name: 'wrong',
      kind: 'splunk_hec',
      config: { url: hec.url, token: '00000000-0000-4000-8000-000000000000' },
    });
    const test = await call('POST', `/v1/siem/streams/${created.body.id}/test`);
    expect(test.body).toMatchObject({ ok: false, error: expect.stringMatching(/403|Invalid token/) });
  });
});

describe('roster siem', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'roster-siem-cli-'));
    env = { ROSTER_DATA_DIR: dir, MONGODB_URI: '' };
    expect((await runCli(['tenant', 'create', 'acme'], env)).code).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds streams with secrets from a flag or a JSON file and never prints them', async () => {
    const secret = 'bearer-secret-value-42';
    const added = await runCli(
      [
        'siem',
        'add',
        'acme',
        'webhook',
        '--kind',
        'http_json',
        '--config',
        '{"url":"https://siem.example.test/in","auth":{"type":"bearer"}}',
        '--secret',
        `auth.token=${secret}`,
      ],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const file = path.join(dir, 'elastic.json');
    await writeFile(
      file,
      JSON.stringify({ url: 'https://es.example.test', index: 'roster-audit', auth: { apiKey: `${secret}-es` } }),
    );
    expect(
      (await runCli(['siem', 'add', 'acme', 'elastic', '--kind', 'elastic_bulk', '--config-file', file], env)).code,
    ).toBe(0);

    const list = await runCli(['siem', 'list', 'acme'], env);
    expect(list.stdout).toMatch(/webhook\thttp_json\tactive/);
    expect(list.stdout).toMatch(/elastic\telastic_bulk\tactive/);
    const json = await runCli(['siem', 'list', 'acme', '--json'], env);
    const streams = JSON.parse(json.stdout);
    expect(streams.map((s: any) => s.config.auth)).toEqual([{ apiKey: '[set]' }, { type: 'bearer', token: '[set]' }]);
    for (const out of [added, list, json]) expect(out.stdout + out.stderr).not.toContain(secret);

    const paused = await runCli(['siem', 'pause', 'acme', 'webhook'], env);
    expect(paused.stdout).toMatch(/paused SIEM stream webhook/);
    expect((await runCli(['siem', 'replay', 'acme', 'webhook', '--from', '0'], env)).code).toBe(0);
    expect((await runCli(['siem', 'resume', 'acme', 'webhook'], env)).code).toBe(0);
    expect((await runCli(['siem', 'remove', 'acme', 'elastic'], env)).code).toBe(0);
    expect((await runCli(['siem', 'list', 'acme'], env)).stdout).not.toMatch(/elastic/);
  }, 180_000);

  it('refuses a bad config with every problem named', async () => {
    const bad = await runCli(['siem', 'add', 'acme', 'x', '--kind', 'syslog', '--config', '{"port":99999}'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/config\.host/);
    expect(bad.stderr).toMatch(/config\.port/);
  }, 60_000);
});
