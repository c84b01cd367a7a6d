import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditFixture, auditFixture } from './audit-fixture.js';

// Design 001 generateAccessReport: granted / denied counts and the resources granted, over a range.

describe('GET /v1/audit/reports/access: what one user was allowed and refused', () => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await auditFixture('2026-03-01T00:00:00.000Z');
  });
  afterEach(() => f.close());

  const decision = (allow: boolean, resource: string, extra: object = {}) => ({
    action: allow ? ('access.granted' as const) : ('access.denied' as const),
    outcome: allow ? ('success' as const) : ('denied' as const),
    actor: { type: 'user' as const, id: 'usr_alice' },
    target: { type: 'transcript', id: resource },
    ...extra,
  });

  it('counts granted and denied decisions and the distinct resources granted, inside [from, to)', async () => {
    await f.audit(decision(true, 'tr_1'), decision(true, 'tr_1'), decision(true, 'tr_2'), decision(false, 'tr_3'));
    // Asked about by an application (the subject of the check), not asking itself.
    await f.audit(
      decision(false, 'tr_2', { actor: { type: 'api_key', id: 'key_app' }, details: { subject: 'usr_alice' } }),
    );
    await f.audit(decision(true, 'tr_9', { actor: { type: 'user', id: 'usr_bob' } }));
    f.clock.set('2026-04-15T00:00:00.000Z');
    await f.audit(decision(true, 'tr_late'));

    const reply = await f.get(
      '/v1/audit/reports/access?user=usr_alice&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      user: 'usr_alice',
      totalAccesses: 3,
      deniedAccesses: 2,
      resourcesAccessed: ['transcript:tr_1', 'transcript:tr_2'],
      uniqueResources: 2,
    });
    expect(reply.body.resources).toEqual([
      expect.objectContaining({ resource: 'transcript:tr_1', granted: 2, denied: 0 }),
      expect.objectContaining({ resource: 'transcript:tr_2', granted: 1, denied: 1 }),
      expect.objectContaining({ resource: 'transcript:tr_3', granted: 0, denied: 1 }),
    ]);
    const all = await f.get('/v1/audit/reports/access?user=usr_alice');
    expect(all.body).toMatchObject({ totalAccesses: 4, uniqueResources: 3 });
  });

  it('requires the user and names bad parameters', async () => {
    expect((await f.get('/v1/audit/reports/access')).body).toMatchObject({ status: 400, parameter: 'user' });
    expect((await f.get('/v1/audit/reports/access?user=u&from=x')).body).toMatchObject({ parameter: 'from' });
  });
});
