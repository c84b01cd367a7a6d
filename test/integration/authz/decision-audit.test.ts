import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { createAuthzContext, resolvePrincipal } from '../../../src/authz/index.js';
import { auditDecisions } from '../../../src/authz/decision-audit.js';
import { decide } from '../../../src/authz/decide.js';
import { readsFor, resolveSubject } from '../../../src/authz/subject-resolver.js';
import { readAfter } from '../../../src/siem-streams/index.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 000 ("audit failed access attempt") and design 002 over real HTTP: every denial of
// /v1/authorize, the batch and catalogue filtering is audited by default, tallied per
// subject × permission × resource × minute, so a looping client cannot flood the store.

/** Awaits a condition the server reaches on its own (the tally writes repeat counts within a second). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  // Generous: on a loaded machine the one-second flush can run late; a wrong count still fails.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('denials are audited by default, bounded', () => {
  let f: AuthzFixture;
  let viewer: string;

  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform' });
    viewer = (await f.user('vic', ['viewers']))._id;
  });
  afterAll(() => f.close());

  const events = () => f.server.store.collection<AuditEventDoc>('auditEvents');
  const denials = (filter: object = {}) =>
    events().find({ tenantId: f.tenantId, action: 'access.denied', ...filter }, { sort: { time: 1 } });

  it('records a denial of /v1/authorize without audit:true, and counts repeats in one row', async () => {
    for (let i = 0; i < 5; i++)
      expect((await f.call('POST', '/v1/authorize', { subject: viewer, permission: 'chat:stream' })).body.allow).toBe(
        false,
      );
    // The first denial is on disk before the answer; the repeats are counted into the same row.
    const rows = await until(
      () => denials({ 'details.permission': 'chat:stream' }),
      (r) => r[0]?.count === 5,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      count: 5,
      outcome: 'denied',
      reason: 'denied: no grant',
      details: { subject: viewer, permission: 'chat:stream' },
    });
  });

  it('numbers the first denial of a minute in the commit sequence, so SIEM streams ship it', async () => {
    const reply = await f.call('POST', '/v1/authorize', { subject: viewer, permission: 'billing:manage' });
    expect(reply.body.allow).toBe(false);
    const [row] = await denials({ 'details.permission': 'billing:manage' });
    expect(row.seq).toBeGreaterThan(0);
    // What a SIEM stream reads next from a cursor just before it (src/siem-streams delivery-state.ts).
    const next = await readAfter(f.server.store, f.tenantId, row.seq - 1, 1);
    expect(next.map((doc) => [doc.action, doc.details?.permission])).toEqual([['access.denied', 'billing:manage']]);
  });

  it('records no grant unless asked (audit:true still records grants)', async () => {
    await f.call('POST', '/v1/authorize', { subject: viewer, permission: 'usage:view' });
    expect(await events().countDocuments({ tenantId: f.tenantId, action: 'access.granted' })).toBe(0);
    await f.call('POST', '/v1/authorize', { subject: viewer, permission: 'usage:view', audit: true });
    expect(await events().countDocuments({ tenantId: f.tenantId, action: 'access.granted' })).toBe(1);
  });

  it('records the denials of a batch, one row per distinct question', async () => {
    // Its own subject: other tests of this file deny the viewer the same permissions.
    const batcher = (await f.user('bea', ['viewers']))._id;
    const reply = await f.call('POST', '/v1/authorize/batch', {
      subject: batcher,
      checks: [
        { permission: 'keys:manage' },
        { permission: 'keys:manage' },
        { permission: 'chat:complete' },
        { permission: 'models:list' },
      ],
    });
    expect(reply.body.results.map((r: { allow: boolean }) => r.allow)).toEqual([false, false, false, true]);
    const keys = await until(
      () => denials({ 'details.permission': 'keys:manage', 'details.subject': batcher }),
      (r) => r[0]?.count === 2,
    );
    expect(keys).toEqual([expect.objectContaining({ count: 2 })]);
    expect(await denials({ 'details.permission': 'chat:complete', 'details.subject': batcher })).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it('records what catalogue filtering dropped (design 002), one row per subject and kind per minute', async () => {
    await f.call('PUT', '/v1/acls/agent', { entries: { open: [], hr: ['HR'] } });
    for (let i = 0; i < 3; i++)
      await f.call('POST', '/v1/catalogue/filter', {
        subject: viewer,
        kind: 'agent',
        items: { open: {}, hr: {}, unlisted: {} },
      });
    const rows = await until(
      () => denials({ 'target.type': 'agent' }),
      (r) => r[0]?.count === 3,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      count: 3,
      target: { type: 'agent', id: '(catalogue)' },
      details: {
        subject: viewer,
        deniedCount: 2,
        denied: { hr: 'denied: not in an allowed group', unlisted: 'denied: no ACL entry' },
      },
    });
  });

  it('tallies a key looping on a forbidden admin route (403) too', async () => {
    const { secret, credential } = await createCredential(f.server.directory, {
      tenantId: f.tenantId,
      kind: 'admin',
      name: 'narrow2',
      actor: { type: 'system', id: 't' },
      extra: { permissions: ['roles:read'] },
    });
    for (let i = 0; i < 20; i++) expect((await f.call('GET', '/v1/keys', undefined, secret)).status).toBe(403);
    const rows = await until(
      () => events().find({ tenantId: f.tenantId, action: 'access.denied', actorId: credential._id }),
      (r) => r[0]?.count === 20,
    );
    expect(rows.map((r: AuditEventDoc & { count?: number }) => r.count)).toEqual([20]);
  });
  it('adds at most a few rows for a 100,000-denial loop from one client', async () => {
    const before = await events().countDocuments({ tenantId: f.tenantId });
    // In process, through the same decision and audit functions the route uses (HTTP would take minutes).
    const ctx = createAuthzContext(f.server);
    const principal = await resolvePrincipal(ctx.directory, ctx.keys, f.adminKey);
    const req = { ip: '203.0.113.9' } as Request;
    const res = { getHeader: () => undefined } as unknown as Response;
    const check = { subject: viewer, permission: 'keys:manage' };
    // The subject is read once (a store read per iteration would time the store, not the audit).
    const reads = readsFor(ctx.store, principal);
    const { subject } = await resolveSubject(reads, ctx, principal, check.subject);
    for (let i = 0; i < 100_000; i++) {
      const decision = await decide(reads, subject!, check);
      await auditDecisions(ctx, req, res, principal, [{ check, decision }], false);
    }
    await ctx.denials.flush();
    const added = (await events().countDocuments({ tenantId: f.tenantId })) - before;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(300);
    const rows = await events().find({ tenantId: f.tenantId, sourceIp: '203.0.113.9' });
    expect(rows.reduce((n, r) => n + (r.count ?? 0), 0)).toBe(100_000);
  }, 60_000);
});
