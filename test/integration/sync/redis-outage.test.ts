import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownRedis, type OwnRedis } from '../../helpers/sync/own-redis.js';
import { startScimDouble, type ScimDouble } from '../../helpers/sync/scim-double.js';
import { eventually, scimUser, startSyncHarness, type SyncHarness } from '../../helpers/sync/sync-harness.js';

// Redis stopped for 30 s while the IdP keeps writing: SCIM keeps answering (the change and its
// event commit to the store's outbox, not to Redis); once Redis is back, the relay and the
// workers reconnect and every change reaches the downstream. Redis here has no persistence, so
// what was queued before the outage is lost with it; the outbox is what makes this safe.

const OUTAGE_MS = 30_000;

describe('a Redis outage during SCIM writes', () => {
  let redis: OwnRedis;
  let source: SyncHarness;
  let down: ScimDouble;
  beforeAll(async () => {
    redis = await ownRedis();
    source = await startSyncHarness({ env: { REDIS_URL: redis.url } });
    down = await startScimDouble();
  });
  afterAll(async () => {
    await redis.start().catch(() => undefined);
    await Promise.all([source?.close(), down?.close()]);
    await redis.stop();
  });

  it('SCIM answers throughout; after Redis returns every change is downstream', async () => {
    const t = await source.tenant();
    await t.addConnector({
      name: 'down',
      kind: 'scim',
      config: { baseUrl: down.url, auth: { type: 'bearer', token: down.token } },
    });
    expect((await t.scim('POST', '/Users', scimUser('before@acme.example'))).status).toBe(201);
    await eventually('the first user downstream', () => down.creates.get('before@acme.example') === 1);
    await redis.stop();
    const stoppedAt = Date.now();
    const statuses: number[] = [];
    let i = 0;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      statuses.push((await t.scim('POST', '/Users', scimUser(`during${i++}@acme.example`))).status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(statuses.every((s) => s === 201)).toBe(true);
    await redis.start();
    await eventually(
      'every user written during the outage downstream',
      () => Array.from({ length: i }, (_, n) => `during${n}@acme.example`).every((u) => down.creates.get(u) === 1),
      60_000,
    );
  }, 120_000);
});
