import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFilter, parseAuditQuery } from '../../../src/audit-log/index.js';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/store/index.js';

// Every filter of GET /v1/audit walks one index in seq order: a page is a bounded index range,
// with no scan of the tenant's records and no sort step (src/store/indexes.ts).

describe('audit queries are served by indexes', () => {
  let dataDir: string;
  let store: EmbeddedStore;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-auditplan-'));
    store = openEmbeddedStore({ dataDir, ttlSweepSeconds: 0 });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const planOf = (params: Record<string, string>) => {
    const query = parseAuditQuery(params);
    return store
      .explain('auditEvents', auditFilter('acme', { ...query, afterSeq: 100 }), {
        seq: query.order === 'desc' ? -1 : 1,
      })
      .join('\n');
  };

  it.each([
    [{}, 'auditEvents__tenant_seq'],
    [{ order: 'asc' }, 'auditEvents__tenant_seq'],
    [{ actor: 'usr_1' }, 'auditEvents__tenant_actor'],
    [{ action: 'access.denied' }, 'auditEvents__tenant_action_seq'],
    [{ target: 'grp_1' }, 'auditEvents__tenant_target_seq'],
    [{ actor: 'usr_1', outcome: 'denied' }, 'auditEvents__tenant_actor'],
    [{ action: 'access.denied', actor: 'usr_1' }, 'auditEvents__tenant_actor'],
    [{ action: 'access.denied', target: 'tool_1', actor: 'usr_1' }, 'auditEvents__tenant_target_seq'],
    [{ outcome: 'denied' }, 'auditEvents__tenant_seq'],
    [{ from: '2026-01-01T00:00:00Z' }, 'auditEvents__tenant_seq'],
    [
      { action: 'access.denied', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      'auditEvents__tenant_action_seq',
    ],
  ])('filter %j walks %s without a sort step', (params, index) => {
    const plan = planOf(params as Record<string, string>);
    expect(plan).toContain(`USING INDEX ${index}`);
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('walks seq order on the first page of a time range too, instead of sorting the range', () => {
    const query = parseAuditQuery({ from: '2026-01-01T00:00:00Z' });
    const plan = store.explain('auditEvents', auditFilter('acme', query), { seq: -1 }).join('\n');
    expect(plan).toContain('USING INDEX auditEvents__tenant_seq');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('narrows the walk to the keyset range (seq bound in the index search)', () => {
    expect(planOf({ actor: 'usr_1' })).toMatch(/<expr>=\? AND <expr>=\? AND <expr><\?/);
  });
});
