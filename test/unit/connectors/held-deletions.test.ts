import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveDeletes,
  getConnector,
  holdDeletions,
  releaseHeldDeletion,
  type ConnectorDoc,
} from '../../../src/connectors/index.js';
import { tempDirectory } from '../../helpers/store.js';

// The accidental-deletion guard's held list (src/connectors/deletions.ts) on a real embedded store.

const ACTOR = { type: 'api_key' as const, id: 'k1' };

describe('held deletions', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  let doc: ConnectorDoc;
  beforeAll(async () => {
    deps = await tempDirectory();
    doc = { _id: 'c1', tenantId: 'acme', name: 'slack', version: 1 } as ConnectorDoc;
    await deps.store.collection<ConnectorDoc>('connectors').insertOne(doc);
  });
  afterAll(() => deps.close());

  it('releases an applied deprovision, and the connector holds nothing once the last one goes', async () => {
    await holdDeletions(deps, doc, ['u1', 'u2'], '3 deprovisions within 10 minutes');
    await releaseHeldDeletion(deps.store, doc, 'u1');
    expect((await getConnector(deps, 'acme', 'slack')).heldDeletions?.userIds).toEqual(['u2']);
    await releaseHeldDeletion(deps.store, doc, 'u9'); // not held: nothing changes
    expect((await getConnector(deps, 'acme', 'slack')).heldDeletions?.userIds).toEqual(['u2']);
    await releaseHeldDeletion(deps.store, doc, 'u2');
    expect((await getConnector(deps, 'acme', 'slack')).heldDeletions).toBeUndefined();
    await expect(approveDeletes(deps, 'acme', 'slack', ACTOR)).rejects.toMatchObject({
      code: 'connector_nothing_held',
    });
  });

  it('a user held again after an approval is released when its approved deprovision applies', async () => {
    await holdDeletions(deps, doc, ['u3'], 'over the guard');
    expect((await approveDeletes(deps, 'acme', 'slack', ACTOR)).userIds).toEqual(['u3']);
    await holdDeletions(deps, doc, ['u3'], 'a live job queued before the approval');
    await releaseHeldDeletion(deps.store, doc, 'u3');
    expect((await getConnector(deps, 'acme', 'slack')).heldDeletions).toBeUndefined();
  });
});
