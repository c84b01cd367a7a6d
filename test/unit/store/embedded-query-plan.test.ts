import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/store/index.js';

// docs/architecture.md, Storage: "equality lookups on indexed fields served by an index, not a scan".

describe('embedded engine query plans', () => {
  let dataDir: string;
  let store: EmbeddedStore;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'roster-plan-'));
    store = openEmbeddedStore({ dataDir, ttlSweepSeconds: 0 });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const plan = (...args: Parameters<EmbeddedStore['explain']>) => store.explain(...args).join('\n');

  it('looks a user up by tenant and userNameLower through the unique index', () => {
    expect(plan('users', { tenantId: 't1', userNameLower: 'alice' })).toMatch(
      /SEARCH users USING INDEX users__tenant_username \(<expr>=\? AND <expr>=\?\)/,
    );
  });

  it('uses the index for $in lists and keeps it when the rest of the filter is left to mingo', () => {
    expect(plan('users', { tenantId: 't1', userNameLower: { $in: ['a', 'b'] } })).toContain(
      'USING INDEX users__tenant_username',
    );
    expect(plan('users', { tenantId: 't1', externalId: 'x', 'name.givenName': /^A/ })).toContain(
      'USING INDEX users__tenant_externalid',
    );
  });

  it('finds documents by _id through the primary key', () => {
    expect(plan('users', { _id: 'u1' })).toMatch(/USING (INDEX sqlite_autoindex_users_1|PRIMARY KEY)/);
    expect(plan('outbox', { _id: { $in: ['e1', 'e2'] } })).toMatch(
      /USING (INDEX sqlite_autoindex_outbox_1|PRIMARY KEY)/,
    );
    // With tenantId beside it, the id list still goes to the primary key, never a tenant-wide scan.
    const byIds = plan('users', { tenantId: 't1', _id: { $in: ['u1', 'u2'] } });
    expect(byIds).toMatch(/USING (INDEX sqlite_autoindex_users_1|PRIMARY KEY)/);
    expect(byIds).not.toContain('users__tenant');
    expect(plan('users', { _id: 'u1', tenantId: 't1', active: true })).toMatch(
      /USING (INDEX sqlite_autoindex_users_1|PRIMARY KEY)/,
    );
  });

  it('serves the outbox relay scan and the audit TTL field from their indexes', () => {
    expect(plan('outbox', { relayed: false })).toContain('USING INDEX outbox__pending');
    expect(plan('auditEvents', { tenantId: 't1', actorId: 'u1' })).toContain('USING INDEX auditEvents__tenant_actor');
  });

  it('scans the table when no indexed field is compared', () => {
    expect(plan('users', { 'name.givenName': 'Alice' })).toMatch(/^SCAN users$/);
  });
});
