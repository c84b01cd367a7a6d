import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../../src/audit/index.js';
import { createCredential } from '../../../src/credentials/index.js';
import { createTenant } from '../../../src/tenants/index.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 000 organizations over real HTTP: each plan's default settings, a plan and settings that
// can change (audited), checkQuota saying not allowed once a limit is spent, and the model tier
// rule for models the tier table does not know. Design 002's "my capabilities" names the email.

const PLAN_TABLE = {
  free: { allowedModels: ['mistral-small-latest'], maxRequestsPerDay: 100, requireApproval: false },
  pro: {
    allowedModels: ['mistral-small-latest', 'mistral-large-latest'],
    maxRequestsPerDay: 10000,
    requireApproval: false,
  },
  enterprise: {
    allowedModels: ['mistral-small-latest', 'mistral-large-latest', 'mistral-embed'],
    maxRequestsPerDay: 1000000,
    requireApproval: true,
  },
};

describe('design 000: plans, settings and quotas', () => {
  let f: AuthzFixture;
  let dev: string;
  let analyst: string;

  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform', plan: 'free' });
    dev = (await f.user('dev', ['developers'], ['Dev@Acme.test']))._id;
    analyst = (await f.user('ana', ['analysts']))._id;
    // The settings the model, quota and capability tests rely on, whatever order the tests run in
    // (the plan test below ends with the same ones).
    await f.call('PATCH', '/v1/tenant', { plan: 'pro' });
    await f.call('PATCH', '/v1/tenant', {
      settings: { allowedModels: ['mistral-small-latest', 'acme-large-2'], maxRequestsPerDay: 2 },
    });
  });
  afterAll(() => f.close());

  it.each(Object.entries(PLAN_TABLE))('gives a new %s tenant the seed defaults', async (plan, settings) => {
    await createTenant(f.server.directory, { id: `t-${plan}`, plan, actor: { type: 'system', id: 't' } });
    const { secret } = await createCredential(f.server.directory, {
      tenantId: `t-${plan}`,
      kind: 'admin',
      actor: { type: 'system', id: 't' },
    });
    const reply = await f.call('GET', '/v1/tenant', undefined, secret);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: `t-${plan}`, plan, settings });
  });

  it('changes the plan (settings follow the new plan) and the settings, audited with before and after', async () => {
    const upgraded = await f.call('PATCH', '/v1/tenant', { plan: 'pro' });
    expect(upgraded.status).toBe(200);
    expect(upgraded.body).toMatchObject({ plan: 'pro', settings: PLAN_TABLE.pro });
    const tuned = await f.call('PATCH', '/v1/tenant', {
      settings: { allowedModels: ['mistral-small-latest', 'acme-large-2'], maxRequestsPerDay: 2 },
    });
    expect(tuned.body).toMatchObject({
      plan: 'pro',
      settings: {
        allowedModels: ['mistral-small-latest', 'acme-large-2'],
        maxRequestsPerDay: 2,
        requireApproval: false,
      },
    });
    const audit = await f.server.store
      .collection<AuditEventDoc>('auditEvents')
      .find({ tenantId: f.tenantId, action: 'tenant.updated' }, { sort: { time: 1 } });
    expect(audit.at(-1)).toMatchObject({
      actor: { type: 'api_key' },
      details: { before: { settings: { maxRequestsPerDay: 10000 } }, after: { settings: { maxRequestsPerDay: 2 } } },
    });
  });

  it('refuses a bad plan or setting with problem+json', async () => {
    for (const body of [{ plan: 'platinum' }, { settings: { maxRequestsPerDay: -1 } }, { colour: 'red' }]) {
      const reply = await f.call('PATCH', '/v1/tenant', body);
      expect(reply.status).toBe(400);
      expect(reply.type).toMatch(/problem\+json/);
    }
  });

  it('gives a model the table does not know the tier design 000 names it by', async () => {
    const ask = (subject: string) =>
      f.call('POST', '/v1/authorize', { subject, resource: { kind: 'model', id: 'acme-large-2' } });
    expect((await ask(dev)).body).toEqual({
      allow: true,
      reason: 'granted by role developer via models:use:large; tenant allows acme-large-2',
    });
    expect((await ask(analyst)).body).toEqual({ allow: false, reason: 'denied: no grant' });
  });

  it('says allowed: false in the usage status once the daily request limit is spent', async () => {
    expect((await f.call('GET', '/v1/usage')).body).toMatchObject({ allowed: true });
    expect((await f.call('POST', '/v1/usage', {})).status).toBe(200);
    expect((await f.call('POST', '/v1/usage', {})).status).toBe(200);
    const status = await f.call('GET', '/v1/usage');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      allowed: false,
      exceeded: 'tenant.requests',
      tenant: { requests: { used: 2, limit: 2, remaining: 0 } },
    });
  });

  it('names the user and their email in "my capabilities" (design 002)', async () => {
    const caps = (await f.call('GET', `/v1/users/${dev}/capabilities`)).body;
    expect(caps.user).toEqual({ id: dev, userName: 'dev', email: 'Dev@Acme.test', active: true });
    expect(caps.models).toEqual(['acme-large-2', 'mistral-small-latest']);
    expect((await f.call('GET', `/v1/users/${analyst}/capabilities`)).body.user.email).toBeNull();
  });
});
