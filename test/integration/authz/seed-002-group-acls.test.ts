import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// Design 002 (an agent platform's group-based permissions) over real HTTP: access keyed by
// directory groups; no entry → denied; empty list → every authenticated user; ADMINS override;
// catalogue filtering and the "my capabilities" answer.

const ENTRA_ENGINEERING = '5e1c0000-0000-4000-8000-00000000e001';

interface Seeded {
  f: AuthzFixture;
  id: Record<'engineer' | 'finance' | 'admin' | 'nobody', string>;
  ask(who: string, kind: string, resourceId: string): Promise<any>;
}

/** A tenant of its own on the group-based preset, with one user per kind of access. */
async function seeded(): Promise<Seeded> {
  const f = await authzFixture({ preset: 'group-based' });
  await f.group('ENGINEERING', ENTRA_ENGINEERING);
  const id = {
    engineer: (await f.user('jane', ['ENGINEERING']))._id,
    finance: (await f.user('fred', ['FINANCE']))._id,
    admin: (await f.user('ada', ['ADMINS']))._id,
    nobody: (await f.user('nick'))._id,
  };
  const ask = async (who: string, kind: string, resourceId: string) =>
    (await f.call('POST', '/v1/authorize', { subject: id[who as keyof typeof id], resource: { kind, id: resourceId } }))
      .body;
  return { f, id, ask };
}

describe('design 002: group-based resource ACLs (the preset as it is: nothing here changes it)', () => {
  let f: AuthzFixture;
  let id: Seeded['id'];
  let ask: Seeded['ask'];

  beforeAll(async () => {
    ({ f, id, ask } = await seeded());
  });
  afterAll(() => f.close());

  it.each([
    [
      'engineer uses an engineering agent',
      'engineer',
      'agent',
      'engineeringAgent',
      true,
      'granted by group ENGINEERING',
    ],
    [
      'engineer may not use a finance agent',
      'engineer',
      'agent',
      'financeAgent',
      false,
      'denied: not in an allowed group',
    ],
    [
      'finance runs the budget workflow',
      'finance',
      'workflow',
      'budgetApprovalWorkflow',
      true,
      'granted by group FINANCE',
    ],
    [
      'empty list: anyone signed in uses the weather tool',
      'nobody',
      'tool',
      'weatherTool',
      true,
      'granted: empty ACL (every authenticated user)',
    ],
    ['no entry: denied', 'engineer', 'tool', 'launchMissiles', false, 'denied: no ACL entry'],
    ['no entry: denied even to admins (fail closed)', 'admin', 'agent', 'ghostAgent', false, 'denied: no ACL entry'],
    [
      'ADMINS override a list they are not on',
      'admin',
      'tool',
      'processPayroll',
      true,
      'granted: admins group override (ADMINS)',
    ],
    ['an undeclared kind is denied', 'admin', 'dataset', 'sales', false, 'denied: unknown resource kind'],
  ])('%s', async (_what, who, kind, resourceId, allow, reason) => {
    expect(await ask(who, kind, resourceId)).toEqual({ allow, reason });
  });

  it("answers capabilities in the seed-002 shape (the seed's engineering example)", async () => {
    const reply = await f.call('GET', `/v1/users/${id.engineer}/capabilities`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      agents: ['codeReviewAgent', 'engineeringAgent', 'generalAgent', 'researchAgent'],
      tools: [
        'calculatorTool',
        'deployCode',
        'getMyCalendar',
        'getMyEmails',
        'getMyTasks',
        'runTests',
        'searchTool',
        'sendEmail',
        'viewLogs',
        'weatherTool',
      ],
      workflows: ['deploymentWorkflow', 'documentSummaryWorkflow', 'incidentResponseWorkflow', 'researchWorkflow'],
      groups: ['ENGINEERING'],
      roles: ['member'],
      permissions: [],
    });
  });

  it('gives ADMINS every listed resource and the admin role', async () => {
    const reply = await f.call('GET', `/v1/users/${id.admin}/capabilities`);
    expect(reply.body.agents).toHaveLength(10);
    expect(reply.body.roles).toEqual(['admin']);
  });

  it('lists the ACLs of one kind', async () => {
    const reply = await f.call('GET', '/v1/acls?kind=workflow');
    expect(reply.body.adminGroups).toEqual(['ADMINS']);
    expect(reply.body.entries.map((e: { resourceId: string }) => e.resourceId)).toContain('researchWorkflow');
    expect(reply.body.entries.every((e: { kind: string }) => e.kind === 'workflow')).toBe(true);
  });
});

describe('design 002: changing resource ACLs (each test on its own tenant)', () => {
  let f: AuthzFixture;
  let id: Seeded['id'];
  let ask: Seeded['ask'];

  beforeEach(async () => {
    ({ f, id, ask } = await seeded());
  });
  afterEach(() => f.close());

  it("matches an ACL group by the IdP's group id (Entra object id)", async () => {
    await f.call('PUT', '/v1/acls/tool/secretTool', { groups: [ENTRA_ENGINEERING] });
    expect(await ask('engineer', 'tool', 'secretTool')).toEqual({
      allow: true,
      reason: 'granted by group ENGINEERING',
    });
  });

  it('turns an entry from a list to empty to absent', async () => {
    await f.call('PUT', '/v1/acls/agent/labAgent', { groups: ['FINANCE'] });
    expect((await ask('engineer', 'agent', 'labAgent')).allow).toBe(false);
    await f.call('PUT', '/v1/acls/agent/labAgent', { groups: [] });
    expect((await ask('engineer', 'agent', 'labAgent')).allow).toBe(true);
    expect((await f.call('DELETE', '/v1/acls/agent/labAgent')).status).toBe(204);
    expect(await ask('engineer', 'agent', 'labAgent')).toEqual({ allow: false, reason: 'denied: no ACL entry' });
  });

  it('lets a tenant declare its own kinds and list them in capabilities', async () => {
    expect((await f.call('PUT', '/v1/acls/dataset/sales', { groups: ['FINANCE'] })).status).toBe(400);
    expect(
      (await f.call('PUT', '/v1/acl-policy', { adminGroups: ['ADMINS'], resourceKinds: ['dataset'] })).status,
    ).toBe(200);
    expect((await f.call('PUT', '/v1/acls/dataset/sales', { groups: ['FINANCE'] })).status).toBe(200);
    expect(await ask('finance', 'dataset', 'sales')).toEqual({ allow: true, reason: 'granted by group FINANCE' });
    expect((await f.call('GET', `/v1/users/${id.finance}/capabilities`)).body.resources).toEqual({
      dataset: ['sales'],
    });
    expect((await f.call('PUT', '/v1/acl-policy', { adminGroups: ['ADMINS'], resourceKinds: [] })).status).toBe(409);
  });
});

describe('design 002: resources declare their own groups; catalogues are filtered per user', () => {
  let f: AuthzFixture;
  let engineer: string;
  const declare = () =>
    f.call('PUT', '/v1/acls/tool', {
      entries: { deployCode: ['ENGINEERING', 'ADMINS'], weatherTool: [], getBudgetReport: ['FINANCE', 'ADMINS'] },
    });
  beforeEach(async () => {
    f = await authzFixture({ preset: 'group-based' });
    engineer = (await f.user('eli', ['ENGINEERING']))._id;
  });
  afterEach(() => f.close());

  it("builds a kind's ACL map from the catalogue the application declares (colocated permissions)", async () => {
    const declared = await declare();
    expect(declared.status).toBe(200);
    const listed = (await f.call('GET', '/v1/acls?kind=tool')).body.entries.map(
      (e: { resourceId: string }) => e.resourceId,
    );
    expect(listed).toEqual(['deployCode', 'getBudgetReport', 'weatherTool']); // the preset's other tools are gone
  });

  it('filters a catalogue down to what the user may use, giving the reason for each dropped item', async () => {
    expect((await declare()).status).toBe(200);
    const catalogue = { deployCode: { v: 1 }, weatherTool: { v: 2 }, getBudgetReport: { v: 3 }, notDeclared: { v: 4 } };
    const reply = await f.call('POST', '/v1/catalogue/filter', { subject: engineer, kind: 'tool', items: catalogue });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      items: { deployCode: { v: 1 }, weatherTool: { v: 2 } },
      denied: { getBudgetReport: 'denied: not in an allowed group', notDeclared: 'denied: no ACL entry' },
    });
  });
});
