import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditFixture, auditFixture } from './audit-fixture.js';

describe('GET /v1/events: domain events in commit order with a cursor', () => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await auditFixture();
  });
  afterEach(() => f.close());

  it('pages through the events with the last seq as cursor, filtered by type and noun.*', async () => {
    const alice = await f.user('alice');
    await f.group('Engineering');
    await f.setMembers('Engineering', 'add', [alice._id]);
    const all = await f.get('/v1/events?limit=1000');
    expect(all.status).toBe(200);
    const seqs = all.body.data.map((e: any) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.body.cursor).toBe(String(seqs.at(-1)));
    expect(all.body.has_more).toBe(false);

    const types = (await f.get('/v1/events?types=user.created,group.*')).body.data.map((e: any) => e.type);
    expect(types).toEqual(['user.created', 'group.created', 'group.member_added']);
    const created = (await f.get('/v1/events?types=user.created')).body.data;
    expect(created).toEqual([expect.objectContaining({ type: 'user.created', subject: alice._id })]);

    // Small pages end where one big page ends, and an empty poll keeps the cursor.
    const paged: number[] = [];
    let after = '0';
    for (;;) {
      const page = await f.get(`/v1/events?after=${after}&limit=2`);
      paged.push(...page.body.data.map((e: any) => e.seq));
      after = page.body.cursor;
      if (!page.body.has_more) break;
    }
    expect(paged).toEqual(seqs);
    const empty = await f.get(`/v1/events?after=${after}`);
    expect(empty.body).toEqual({ data: [], cursor: after, has_more: false });
  });

  it('keeps events for 30 days (TTL on the outbox)', async () => {
    await f.user('bob');
    const stored = await f.server.store.collection('outbox').find({ tenantId: f.tenantId, type: 'user.created' });
    const [event] = stored as any[];
    expect(event.expiresAt.getTime() - Date.parse(event.createdAt)).toBe(30 * 86_400_000);
  });

  it.each([
    ['after=-1', 'after'],
    ['after=abc', 'after'],
    ['types=user.teleported', 'types'],
    ['limit=0', 'limit'],
    ['since=1', 'since'],
  ])('answers ?%s with 400 naming %s', async (query, parameter) => {
    const reply = await f.get(`/v1/events?${query}`);
    expect(reply).toMatchObject({ status: 400, body: { parameter } });
  });

  it('needs events:read', async () => {
    expect((await f.get('/v1/events', await f.keyWith('audit:view'))).status).toBe(403);
    expect((await f.get('/v1/events', await f.keyWith('events:read'))).status).toBe(200);
  });
});
