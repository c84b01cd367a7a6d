import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recorder } from '../../../src/audit/index.js';
import type { DomainDeps } from '../../../src/domain/index.js';
import { createGroup, createUser } from '../../../src/people/index.js';
import { createTenant, updateTenant } from '../../../src/tenants/index.js';
import { tempDirectory } from '../../helpers/store.js';

// docs/architecture.md, Data flow 2: "No event without its change, no change without its event."
// The real services run with the real recorder; the fault is injected after record() has written
// the event and the audit record, still inside the service's transaction.

const actor = { type: 'system' as const, id: 'atomic-test' };
const ctx = { actor, source: 'scim' as const };

describe('a change and its audit record commit together', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  let failing: DomainDeps;
  beforeEach(async () => {
    deps = await tempDirectory();
    await createTenant(deps, { id: 'acme', actor });
    const recorder: Recorder = {
      ...deps.recorder,
      async record(tx, tenantId, input) {
        await deps.recorder.record(tx, tenantId, input);
        throw new Error('forced failure after the audit record was written');
      },
    };
    failing = { ...deps, recorder };
  });
  afterEach(() => deps.close());

  const counts = async () => ({
    users: await deps.store.collection('users').countDocuments({ tenantId: 'acme' }),
    groups: await deps.store.collection('groups').countDocuments({ tenantId: 'acme' }),
    outbox: await deps.store.collection('outbox').countDocuments({ tenantId: 'acme' }),
    audit: await deps.store.collection('auditEvents').countDocuments({ tenantId: 'acme' }),
  });

  it.each([
    ['creating a user', (d: DomainDeps) => createUser(d, 'acme', { userName: 'alice', active: true }, ctx)],
    ['creating a group', (d: DomainDeps) => createGroup(d, 'acme', { displayName: 'Eng' }, [], ctx)],
    ['updating a tenant', (d: DomainDeps) => updateTenant(d, 'acme', { name: 'Acme Corp', actor })],
  ])('%s that fails after recording leaves neither the change, the event nor the audit record', async (_, change) => {
    const before = await counts();
    const tenantBefore = await deps.store.collection('tenants').findOne({ _id: 'acme' });
    await expect(change(failing)).rejects.toThrow('forced failure');
    expect(await counts()).toEqual(before);
    expect(await deps.store.collection('tenants').findOne({ _id: 'acme' })).toEqual(tenantBefore);
    // The numbers it took were given back: the next commit continues the sequence without a gap.
    const last = await deps.store
      .collection<{ _id: string; seq: number }>('auditEvents')
      .findOne({ tenantId: 'acme' }, { sort: { seq: -1 } });
    await createUser(deps, 'acme', { userName: 'bob', active: true }, ctx);
    const [next] = await deps.store
      .collection<{ _id: string; seq: number }>('outbox')
      .find({ tenantId: 'acme', seq: { $gt: last!.seq } }, { sort: { seq: 1 }, limit: 1 });
    expect(next.seq).toBe(last!.seq + 1);
  });
});
