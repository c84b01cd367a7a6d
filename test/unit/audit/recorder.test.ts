import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc, OutboxDoc } from '../../../src/audit/index.js';
import { redactSecrets } from '../../../src/audit/index.js';
import { tempDirectory } from '../../helpers/store.js';

describe('recorder: events and audit records written with the change', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  const now = new Date('2026-03-01T12:00:00Z');

  beforeEach(async () => {
    deps = await tempDirectory(() => now);
  });
  afterEach(() => deps.close());

  it('commits the change, its event and its audit record together', async () => {
    await deps.store.withTransaction(async (tx) => {
      await tx
        .collection('groups')
        .insertOne({ _id: 'g1', tenantId: 'acme', displayName: 'Eng', displayNameLower: 'eng' });
      await deps.recorder.record(tx, 'acme', {
        events: [{ type: 'group.created', subject: 'g1', payload: { displayName: 'Eng' } }],
        audit: [
          {
            action: 'group.created',
            actor: { type: 'scim_token', id: 't1' },
            target: { type: 'group', id: 'g1' },
            outcome: 'success',
            sourceIp: '10.0.0.1',
            requestId: 'r1',
          },
        ],
      });
    });
    const [event] = await deps.store.collection<OutboxDoc>('outbox').find({});
    expect(event).toMatchObject({
      tenantId: 'acme',
      type: 'group.created',
      subject: 'g1',
      relayed: false,
      createdAt: now.toISOString(),
    });
    const [audit] = await deps.store.collection<AuditEventDoc>('auditEvents').find({});
    expect(audit).toMatchObject({
      tenantId: 'acme',
      action: 'group.created',
      actorId: 't1',
      outcome: 'success',
      sourceIp: '10.0.0.1',
      requestId: 'r1',
    });
    expect(audit.expiresAt.getTime() - now.getTime()).toBe(90 * 86_400_000);
  });

  it('leaves neither change nor event behind when the unit fails', async () => {
    await expect(
      deps.store.withTransaction(async (tx) => {
        await tx
          .collection('groups')
          .insertOne({ _id: 'g1', tenantId: 'acme', displayName: 'Eng', displayNameLower: 'eng' });
        await deps.recorder.record(tx, 'acme', { events: [{ type: 'group.created', subject: 'g1' }] });
        throw new Error('downstream check failed');
      }),
    ).rejects.toThrow('downstream check failed');
    expect(await deps.store.collection('groups').countDocuments({})).toBe(0);
    expect(await deps.store.collection('outbox').countDocuments({})).toBe(0);
  });

  it('refuses an event name that is not in the catalogue', async () => {
    await expect(
      deps.store.withTransaction((tx) =>
        deps.recorder.record(tx, 'acme', { events: [{ type: 'user.teleported' as never, subject: 'u' }] }),
      ),
    ).rejects.toThrow(/not in the catalogue/);
  });

  it('redacts secrets by path in payloads and details, leaving the input untouched', async () => {
    const payload = { token: 'rst_scim_abc', connector: { clientSecret: 'xyz', name: 'slack' }, note: 'kept' };
    await deps.store.withTransaction((tx) =>
      deps.recorder.record(tx, 'acme', {
        events: [{ type: 'tenant.updated', subject: 'acme', payload }],
        audit: [
          {
            action: 'tenant.updated',
            actor: { type: 'cli', id: 'op' },
            outcome: 'success',
            details: { password: 'hunter2', user: { apiKey: 'k' } },
          },
        ],
      }),
    );
    const [event] = await deps.store.collection<OutboxDoc>('outbox').find({});
    expect(event.payload).toEqual({
      token: '[REDACTED]',
      connector: { clientSecret: '[REDACTED]', name: 'slack' },
      note: 'kept',
    });
    const [audit] = await deps.store.collection<AuditEventDoc>('auditEvents').find({});
    expect(audit.details).toEqual({ password: '[REDACTED]', user: { apiKey: '[REDACTED]' } });
    expect(payload.token).toBe('rst_scim_abc');
    expect(redactSecrets('plain')).toBe('plain');
  });

  it('orders events by a sequence that grows even within one millisecond', async () => {
    await deps.store.withTransaction((tx) =>
      deps.recorder.record(tx, 'acme', {
        events: Array.from({ length: 50 }, (_, i) => ({ type: 'group.member_added' as const, subject: `u${i}` })),
      }),
    );
    const events = await deps.store.collection<OutboxDoc>('outbox').find({}, { sort: { seq: 1 } });
    expect(events.map((e) => e.subject)).toEqual(Array.from({ length: 50 }, (_, i) => `u${i}`));
  });

  it('adds each repeat count to its own row and numbers only the rows seen for the first time', async () => {
    const denial = (id: string) => ({
      entry: {
        action: 'access.denied' as const,
        actor: { type: 'api_key' as const, id: 'k1' },
        outcome: 'denied' as const,
        target: { type: 'permission', id },
      },
      key: id,
    });
    await deps.recorder.recordRepeated(deps.store, 'acme', [denial('a'), denial('b'), denial('c')]);
    await deps.recorder.recordRepeated(deps.store, 'acme', [
      { ...denial('a'), count: 2 },
      { ...denial('b'), count: 5 },
      { ...denial('c'), count: 2 },
      { ...denial('d'), count: 3 },
    ]);
    const rows = await deps.store.collection<AuditEventDoc>('auditEvents').find({}, { sort: { seq: 1 } });
    expect(rows.map((r) => [r.target?.id, r.count, r.seq])).toEqual([
      ['a', 3, 1],
      ['b', 6, 2],
      ['c', 3, 3],
      ['d', 3, 4],
    ]);
  });
});
