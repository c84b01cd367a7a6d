import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { createIpGate, createTenant, setIpAllowLists } from '../../../src/tenants/index.js';
import { tempDirectory } from '../../helpers/store.js';

// The gate over the real embedded store and recorder, with a clock the test moves to cross the
// cache's lifetime without waiting.

const actor = { type: 'cli' as const, id: 'test' };

describe('IP gate', () => {
  let deps: Awaited<ReturnType<typeof tempDirectory>>;
  let t = 1_800_000_000_000;
  const now = () => new Date(t);

  beforeEach(async () => {
    t = 1_800_000_000_000;
    deps = await tempDirectory(now);
    await createTenant(deps, { id: 'acme', actor });
  });
  afterEach(() => deps.close());

  const request = (surface: 'scim' | 'api' | 'saml', ip: string | undefined) => ({ tenantId: 'acme', surface, ip });
  const refusals = () =>
    deps.store
      .collection<AuditEventDoc>('auditEvents')
      .find({ tenantId: 'acme', action: 'access.ip_refused' }, { sort: { seq: 1 } });

  it('allows every address on a surface without a list, and checks only the surface that has one', async () => {
    await setIpAllowLists(deps, { tenantId: 'acme', lists: { scim: ['10.0.0.0/8'] }, actor });
    const gate = createIpGate({ store: deps.store, recorder: deps.recorder, now });
    expect(await gate.allows(request('api', '203.0.113.1'))).toBe(true);
    expect(await gate.allows(request('scim', '10.1.1.1'))).toBe(true);
    expect(await gate.allows(request('scim', '203.0.113.1'))).toBe(false);
  });

  it('refuses a request with no address when the surface has a list, and audits it as unknown', async () => {
    await setIpAllowLists(deps, { tenantId: 'acme', lists: { saml: ['::1'] }, actor });
    const gate = createIpGate({ store: deps.store, recorder: deps.recorder, now });
    expect(await gate.allows(request('saml', undefined))).toBe(false);
    const [row] = await refusals();
    expect(row).toMatchObject({
      actor: { type: 'anonymous', id: 'unknown' },
      target: { type: 'surface', id: 'saml' },
      outcome: 'denied',
      reason: 'denied: unknown is not on the saml IP allow-list',
    });
  });

  it('sees a changed list once its cached copy is older than ttlMs, not before', async () => {
    const gate = createIpGate({ store: deps.store, recorder: deps.recorder, now, ttlMs: 1000 });
    expect(await gate.allows(request('api', '203.0.113.1'))).toBe(true);
    await setIpAllowLists(deps, { tenantId: 'acme', lists: { api: ['10.0.0.0/8'] }, actor });
    t += 999;
    expect(await gate.allows(request('api', '203.0.113.1'))).toBe(true);
    t += 1;
    expect(await gate.allows(request('api', '203.0.113.1'))).toBe(false);
  });

  it('sees every change at once with ttlMs 0, or after clear()', async () => {
    const fresh = createIpGate({ store: deps.store, recorder: deps.recorder, now, ttlMs: 0 });
    const cached = createIpGate({ store: deps.store, recorder: deps.recorder, now, ttlMs: 60_000 });
    expect(await cached.allows(request('scim', '203.0.113.1'))).toBe(true);
    await setIpAllowLists(deps, { tenantId: 'acme', lists: { scim: ['10.0.0.0/8'] }, actor });
    expect(await fresh.allows(request('scim', '203.0.113.1'))).toBe(false);
    expect(await cached.allows(request('scim', '203.0.113.1'))).toBe(true);
    cached.clear();
    expect(await cached.allows(request('scim', '203.0.113.1'))).toBe(false);
    await setIpAllowLists(deps, { tenantId: 'acme', lists: { scim: [] }, actor });
    expect(await fresh.allows(request('scim', '203.0.113.1'))).toBe(true);
  });

  it('allows every address of a tenant that does not exist (the tenant check answers it elsewhere)', async () => {
    const gate = createIpGate({ store: deps.store, recorder: deps.recorder, now });
    expect(await gate.allows({ tenantId: 'nobody', surface: 'scim', ip: '203.0.113.1' })).toBe(true);
  });

  it('audits one row per address and surface within a minute, a new one the next minute', async () => {
    await setIpAllowLists(deps, { tenantId: 'acme', lists: { scim: ['10.0.0.0/8'], api: ['10.0.0.0/8'] }, actor });
    const gate = createIpGate({ store: deps.store, recorder: deps.recorder, now, ttlMs: 0 });
    for (let i = 0; i < 3; i++) await gate.allows(request('scim', '203.0.113.1'));
    await gate.allows(request('api', '203.0.113.1'));
    await gate.allows(request('scim', '203.0.113.2'));
    expect((await refusals()).map((r) => `${r.target?.id} ${r.sourceIp}`).sort()).toEqual([
      'api 203.0.113.1',
      'scim 203.0.113.1',
      'scim 203.0.113.2',
    ]);
    t += 60_000;
    await gate.allows(request('scim', '203.0.113.1'));
    expect(await refusals()).toHaveLength(4);
  });
});
