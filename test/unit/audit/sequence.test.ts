import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc, OutboxDoc } from '../../../src/audit/index.js';
import { tempDirectory } from '../../helpers/store.js';

const actor = { type: 'cli' as const, id: 'ops' };

describe('recorder: a per-tenant commit sequence for events and audit records', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  beforeEach(async () => {
    deps = await tempDirectory();
  });
  afterEach(() => deps.close());

  const record = (tenantId: string, subject: string) =>
    deps.store.withTransaction((tx) =>
      deps.recorder.record(tx, tenantId, {
        events: [{ type: 'user.created', subject }],
        audit: [{ action: 'user.created', actor, outcome: 'success', target: { type: 'user', id: subject } }],
      }),
    );
  const seqs = async (tenantId: string) => {
    const events = await deps.store.collection<OutboxDoc>('outbox').find({ tenantId }, { sort: { seq: 1 } });
    const audit = await deps.store.collection<AuditEventDoc>('auditEvents').find({ tenantId }, { sort: { seq: 1 } });
    return { events: events.map((e) => e.seq), audit: audit.map((a) => a.seq) };
  };

  it('numbers each tenant 1, 2, 3 … across its events and audit records, without gaps or repeats', async () => {
    await Promise.all(['u1', 'u2', 'u3'].map((u) => record('acme', u)));
    await record('globex', 'g1');
    const acme = await seqs('acme');
    expect([...acme.events, ...acme.audit].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await seqs('globex')).toEqual({ events: [1], audit: [2] });
  });

  it('numbers a record written outside a transaction inside one of its own', async () => {
    await record('acme', 'u1');
    await deps.recorder.record(deps.store, 'acme', {
      audit: [{ action: 'scim_token.rejected', actor, outcome: 'failure' }],
    });
    expect((await seqs('acme')).audit).toEqual([2, 3]);
  });

  it('gives up its numbers with the transaction that rolled back', async () => {
    await record('acme', 'u1');
    await expect(
      deps.store.withTransaction(async (tx) => {
        await deps.recorder.record(tx, 'acme', { events: [{ type: 'user.created', subject: 'u2' }] });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    await record('acme', 'u3');
    expect(await seqs('acme')).toEqual({ events: [1, 3], audit: [2, 4] });
  });
});
