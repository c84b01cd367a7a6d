import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../../src/credentials/index.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import { ACTOR, eventually, scimUser, startSyncHarness, type SyncHarness } from '../../helpers/sync/sync-harness.js';

// The admin API for connectors over real HTTP: problem+json for mistakes, secrets never answered,
// pause/resume, the deletion guard held and approved, and the dead-letter replay.

describe('connector admin API', () => {
  let source: SyncHarness;
  let down: ScimDouble;
  beforeAll(async () => {
    source = await startSyncHarness();
    down = await startScimDouble();
  });
  afterAll(() => Promise.all([source.close(), down.close()]));

  async function admin() {
    const t = await source.tenant();
    const { secret } = await createCredential(source.runtime.domain, {
      tenantId: t.tenant,
      kind: 'admin',
      name: 'a',
      actor: ACTOR,
    });
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${source.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, type: r.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
    };
    return { t, call };
  }

  it('adds a connector without ever answering its token, and refuses a bad config as problem+json', async () => {
    const { call } = await admin();
    const bad = await call('POST', '/v1/connectors', { name: 'x', kind: 'scim', config: { baseUrl: 'not a url' } });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.detail).toMatch(/config\.baseUrl/);
    const unknown = await call('POST', '/v1/connectors', { name: 'x', kind: 'fax', config: {} });
    expect(unknown.status).toBe(400);
    const made = await call('POST', '/v1/connectors', {
      name: 'down',
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
    });
    expect(made.status).toBe(201);
    expect(made.body.config.auth.token).toBe('[set]');
    const listed = await call('GET', '/v1/connectors');
    expect(JSON.stringify(listed.body)).not.toContain(down.token);
    expect(
      (await call('POST', '/v1/connectors', { name: 'down', kind: 'scim', config: made.body.config })).status,
    ).toBe(409);
    expect((await call('GET', '/v1/connectors/nope')).status).toBe(404);
    expect((await call('POST', '/v1/connectors/down/pause')).body.state.status).toBe('paused');
    expect((await call('POST', '/v1/connectors/down/resume')).body.state.status).toBe('active');
  });

  it('holds a mass deprovision past the guard until approved, then applies it', async () => {
    const { t, call } = await admin();
    await call('POST', '/v1/connectors', {
      name: 'guarded',
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
      deleteGuard: { maxCount: 2, minCount: 100 },
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await t.scim('POST', '/Users', scimUser(`g${i}-${t.tenant}@acme.example`))).body.id);
    // Provisioned means created downstream and recorded in syncState.
    await eventually(
      'all five provisioned',
      async () => (await call('GET', '/v1/connectors/guarded')).body.counts.provisioned === 5,
    );
    expect(ids.every((_, i) => down.creates.get(`g${i}-${t.tenant}@acme.example`) === 1)).toBe(true);
    for (const id of ids) await t.scim('DELETE', `/Users/${id}`);
    const held = await eventually('deletions held', async () => {
      const c = (await call('GET', '/v1/connectors/guarded')).body;
      return c.heldDeletions?.userIds.length + c.counts.deprovisioned === 5 ? c : null;
    });
    // Past maxCount (2) in the window, every further deprovision waits: still active downstream.
    const active = () =>
      [...down.users.values()].filter((u) => u.userName.includes(t.tenant) && u.active !== false).length;
    expect(held.heldDeletions.userIds.length).toBeGreaterThanOrEqual(2);
    expect(active()).toBe(held.heldDeletions.userIds.length);
    const approved = await call('POST', '/v1/connectors/guarded/approve-deletes');
    expect(approved.body.approved).toBe(held.heldDeletions.userIds.length);
    await eventually('every user deactivated downstream', () => active() === 0);
    // Once every deprovision is recorded as applied, nothing is left held, even for a user whose
    // older live job reached the guard after the approval and held it again.
    const after = await eventually('all five recorded deprovisioned', async () => {
      const c = (await call('GET', '/v1/connectors/guarded')).body;
      return c.counts.deprovisioned === 5 ? c : null;
    });
    expect(after.heldDeletions).toBeUndefined();
    expect((await call('POST', '/v1/connectors/guarded/approve-deletes')).status).toBe(409);
  });

  it('a permanent error lands in the dead-letter set, audited, and retry-failed replays it', async () => {
    const { t, call } = await admin();
    const own = await startScimDouble();
    try {
      await call('POST', '/v1/connectors', {
        name: 'dl',
        kind: 'scim',
        config: { baseUrl: own.url, auth: { type: 'bearer', token: own.token } },
      });
      own.failAll({ status: 400, body: { detail: 'bad attribute' } });
      await t.scim('POST', '/Users', scimUser('dl@acme.example'));
      await eventually(
        'sync_failed audited',
        async () =>
          (await source.runtime.store
            .collection('auditEvents')
            .countDocuments({ tenantId: t.tenant, action: 'connector.sync_failed' })) > 0,
      );
      await eventually('the job in the dead-letter set', async () =>
        (await source.runtime.queues.sync.getFailed(0, -1)).some((j) => j.data.tenantId === t.tenant),
      );
      own.failAll(undefined);
      const replay = await call('POST', '/v1/connectors/dl/retry-failed');
      expect(replay.body.replayed).toBeGreaterThanOrEqual(1);
      const [retried] = await source.runtime.store
        .collection('auditEvents')
        .find({ tenantId: t.tenant, action: 'sync.dead_letters_retried' });
      expect(retried).toMatchObject({
        actor: { type: 'api_key' },
        details: { name: 'dl', replayed: replay.body.replayed },
      });
      await eventually('the replay applied', () => own.creates.get('dl@acme.example') === 1);
    } finally {
      await own.close();
    }
  });
});
