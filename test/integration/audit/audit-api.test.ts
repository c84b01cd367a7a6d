import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditFixture, auditFixture } from './audit-fixture.js';

describe('GET /v1/audit: the tenant audit trail, filtered and paged by cursor', () => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await auditFixture();
  });
  afterEach(() => f.close());

  const pager = { type: 'user' as const, id: 'usr_pager' };

  async function readAll(query: string, limit: number): Promise<any[]> {
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page = await f.get(`/v1/audit?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(limit);
      seen.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    return seen;
  }

  it('pages newest first by default and oldest first with order=asc, every record exactly once', async () => {
    for (let i = 0; i < 23; i++) {
      await f.audit({ actor: pager, target: { type: 'user', id: `usr_${i}` } });
      f.clock.advance(1000);
    }
    const newest = await readAll('actor=usr_pager', 5);
    expect(newest.map((r) => r.target.id)).toEqual(Array.from({ length: 23 }, (_, i) => `usr_${22 - i}`));
    const seqs = newest.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const oldest = await readAll('actor=usr_pager&order=asc', 7);
    expect(oldest.map((r) => r.id)).toEqual(newest.map((r) => r.id).reverse());
    expect(newest[0]).toMatchObject({ action: 'user.updated', outcome: 'success', actor: pager });
    expect(newest[0]).not.toHaveProperty('actorId');
  });

  it('does not repeat or skip records that commit while a reader pages back', async () => {
    for (let i = 0; i < 6; i++) await f.audit({ actor: pager, target: { type: 'user', id: `old_${i}` } });
    const first = await f.get('/v1/audit?actor=usr_pager&limit=3');
    await f.audit({ actor: pager, target: { type: 'user', id: 'new_1' } });
    const second = await f.get(`/v1/audit?actor=usr_pager&limit=3&cursor=${first.body.next_cursor}`);
    const ids = [...first.body.data, ...second.body.data].map((r: any) => r.target.id);
    expect(ids).toEqual(['old_5', 'old_4', 'old_3', 'old_2', 'old_1', 'old_0']);
  });

  it('filters by actor, action (with noun.*), target, outcome and a [from, to) time range', async () => {
    await f.audit(
      { actor: { type: 'user', id: 'alice' }, action: 'group.member_added', target: { type: 'group', id: 'g1' } },
      {
        actor: { type: 'user', id: 'alice' },
        action: 'access.denied',
        outcome: 'denied',
        target: { type: 'tool', id: 't1' },
      },
    );
    f.clock.set('2026-03-02T00:00:00.000Z');
    await f.audit(
      { actor: { type: 'user', id: 'bob' }, action: 'group.created', target: { type: 'group', id: 'g1' } },
      { actor: { type: 'user', id: 'bob' }, action: 'access.granted', target: { type: 'tool', id: 't1' } },
    );
    const actions = async (q: string) => (await f.get(`/v1/audit?${q}`)).body.data.map((r: any) => r.action);
    expect(await actions('actor=alice')).toEqual(['access.denied', 'group.member_added']);
    expect(await actions('action=group.*')).toEqual(['group.created', 'group.member_added']);
    expect(await actions('action=access.denied,access.granted')).toEqual(['access.granted', 'access.denied']);
    expect(await actions('target=t1&actor=bob')).toEqual(['access.granted']);
    expect(await actions('outcome=denied&actor=alice')).toEqual(['access.denied']);
    expect(await actions('actor=bob&from=2026-03-02T00:00:00Z')).toEqual(['access.granted', 'group.created']);
    expect(await actions('target=g1&to=2026-03-02T00:00:00Z')).toEqual(['group.member_added']);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'to'],
    ['action=user.exploded', 'action'],
    ['outcome=maybe', 'outcome'],
    ['limit=0', 'limit'],
    ['limit=5000', 'limit'],
    ['order=sideways', 'order'],
    ['cursor=not-a-cursor', 'cursor'],
    ['acter=alice', 'acter'],
    ['actor=a&actor=b', 'actor'],
  ])('answers ?%s with 400 problem+json naming %s', async (query, parameter) => {
    const reply = await f.get(`/v1/audit?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.type).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ code: 'invalid_input', parameter });
    expect(reply.body.detail).toContain(parameter);
  });

  it('refuses a cursor made for the other order', async () => {
    for (let i = 0; i < 3; i++) await f.audit({ actor: pager });
    const page = await f.get('/v1/audit?actor=usr_pager&limit=1');
    const reply = await f.get(`/v1/audit?actor=usr_pager&order=asc&cursor=${page.body.next_cursor}`);
    expect(reply.status).toBe(400);
    expect(reply.body.parameter).toBe('cursor');
  });

  it('publishes the audit and events routes in /v1/openapi.json', async () => {
    const doc = (await f.get('/v1/openapi.json', '')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/audit',
        '/v1/audit/export',
        '/v1/audit/reports/access',
        '/v1/audit/retention',
        '/v1/events',
      ]),
    );
    expect(doc.paths['/v1/audit'].get.description).toContain('audit:view');
  });

  it('needs audit:view, and audits the refusal', async () => {
    const key = await f.keyWith('roles:read');
    const reply = await f.get('/v1/audit', key);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'permission_denied', permission: 'audit:view' });
    const denied = await f.get('/v1/audit?action=access.denied&limit=1');
    expect(denied.body.data[0]).toMatchObject({ target: { type: 'permission', id: 'audit:view' }, outcome: 'denied' });
    expect((await f.get('/v1/audit?limit=1', await f.keyWith('audit:view'))).status).toBe(200);
  });
});
