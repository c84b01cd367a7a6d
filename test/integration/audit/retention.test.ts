import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditFixture, auditFixture } from './audit-fixture.js';

const DAY = 86_400_000;

describe('audit retention per tenant (TTL through expiresAt)', () => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await auditFixture('2026-03-01T00:00:00.000Z');
  });
  afterEach(() => f.close());

  const expiryOf = async (actor: string) => {
    const [record] = (await f.get(`/v1/audit?actor=${actor}&limit=1`)).body.data;
    return Date.parse(record.expiresAt) - Date.parse(record.time);
  };

  it('keeps records for the configured 90 days until the tenant sets its own number', async () => {
    expect((await f.get('/v1/audit/retention')).body).toEqual({ days: 90, source: 'default', defaultDays: 90 });
    await f.audit({ actor: { type: 'user', id: 'before' } });
    expect(await expiryOf('before')).toBe(90 * DAY);

    const set = await f.call('PUT', '/v1/audit/retention', { days: 7 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ days: 7, source: 'tenant' });
    expect(set.body.recordsUpdated).toBeGreaterThan(0);
    // Existing records move to the new retention, new ones are written with it.
    expect(await expiryOf('before')).toBe(7 * DAY);
    await f.audit({ actor: { type: 'user', id: 'after' } });
    expect(await expiryOf('after')).toBe(7 * DAY);
    const [change] = (await f.get('/v1/audit?action=audit_retention.updated')).body.data;
    expect(change.details).toEqual({ fromDays: 90, toDays: 7 });

    await f.call('PUT', '/v1/audit/retention', { days: null });
    expect((await f.get('/v1/audit/retention')).body.source).toBe('default');
    expect(await expiryOf('after')).toBe(90 * DAY);
  });

  it('purges what the shorter retention no longer keeps at the next TTL sweep', async () => {
    // The sweep compares with the real clock: 45 days ago is inside 90 days, outside 30.
    f.clock.set(new Date(Date.now() - 45 * DAY).toISOString());
    await f.audit({ actor: { type: 'user', id: 'ancient' } });
    f.clock.set(new Date().toISOString());
    await f.audit({ actor: { type: 'user', id: 'recent' } });
    await f.server.store.purgeExpired();
    expect((await f.get('/v1/audit?actor=ancient')).body.data).toHaveLength(1);
    await f.call('PUT', '/v1/audit/retention', { days: 30 });
    await f.server.store.purgeExpired();
    expect((await f.get('/v1/audit?actor=ancient')).body.data).toEqual([]);
    expect((await f.get('/v1/audit?actor=recent')).body.data).toHaveLength(1);
  });

  it('refuses a number of days out of range, and a key without audit:manage', async () => {
    const zero = await f.call('PUT', '/v1/audit/retention', { days: 0 });
    expect(zero).toMatchObject({ status: 400, body: { parameter: 'days' } });
    const viewer = await f.keyWith('audit:view');
    expect((await f.call('PUT', '/v1/audit/retention', { days: 30 }, viewer)).status).toBe(403);
    expect((await f.get('/v1/audit/retention', viewer)).status).toBe(200);
  });
});
