import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../../src/people/index.js';
import { SEED_000_MATRIX } from '../../fixtures/designs/seed-000-matrix.js';
import { authzFixture, type AuthzFixture } from './authz-fixture.js';

// The three reference designs' full matrices over real HTTP, each expectation computed from the
// design's own table as written in docs/rbac.md (not from Roster's presets): every role × every
// permission any design names, and every ACL rule of design 002 for every resource and group.

const SEED_000 = SEED_000_MATRIX;

/** Design 001 predefinedRoles, with its inherits. */
const SEED_001: Record<string, { permissions: string[]; inherits?: string[] }> = {
  viewer: { permissions: ['transcript:read', 'summary:read'] },
  member: {
    permissions: [
      'transcript:create',
      'transcript:read',
      'transcript:delete',
      'summary:generate',
      'summary:read',
      'action_item:create',
    ],
    inherits: ['viewer'],
  },
  manager: {
    permissions: [
      'transcript:read:all',
      'transcript:delete:all',
      'action_item:assign',
      'action_item:delete',
      'team:view',
      'team:invite',
    ],
    inherits: ['member'],
  },
  admin: {
    permissions: [
      'team:manage',
      'team:remove',
      'settings:view',
      'settings:manage',
      'integrations:manage',
      'billing:view',
      'audit:view',
    ],
    inherits: ['manager'],
  },
  owner: { permissions: ['admin:*', 'billing:manage', 'compliance:manage'], inherits: ['admin'] },
};

/** Design 001 resolvePermissions and hasPermission (admin:* first, then exact or resource:*). */
function resolve001(role: string): string[] {
  const r = SEED_001[role];
  return [...new Set([...r.permissions, ...(r.inherits ?? []).flatMap(resolve001)])];
}
function has001(role: string, permission: string): boolean {
  const held = resolve001(role);
  return held.includes('admin:*') || held.includes(permission) || held.includes(`${permission.split(':')[0]}:*`);
}

const ALL_PERMISSIONS = [
  ...new Set([
    ...Object.values(SEED_000).flat(),
    ...Object.keys(SEED_001).flatMap(resolve001),
    'reports:export', // a permission no design names: only admin:* holds it
  ]),
].filter((p) => p !== 'admin:*');

async function decisions(f: AuthzFixture, subject: string, permissions: string[]): Promise<boolean[]> {
  const reply = await f.call('POST', '/v1/authorize/batch', {
    subject,
    checks: permissions.map((permission) => ({ permission })),
  });
  expect(reply.status).toBe(200);
  return reply.body.results.map((r: { allow: boolean }) => r.allow);
}

describe('design 000 (api-platform preset): every role × every permission of the three designs', () => {
  let f: AuthzFixture;
  const ids: Record<string, string> = {};
  const GROUP: Record<string, string> = {
    admin: 'admins',
    developer: 'developers',
    analyst: 'analysts',
    service: 'services',
    viewer: 'viewers',
  };
  beforeAll(async () => {
    f = await authzFixture({ preset: 'api-platform' });
    for (const role of Object.keys(SEED_000)) ids[role] = (await f.user(role, [GROUP[role]]))._id;
  });
  afterAll(() => f.close());

  it.each(Object.keys(SEED_000))('%s', async (role) => {
    const got = await decisions(f, ids[role], ALL_PERMISSIONS);
    expect(Object.fromEntries(ALL_PERMISSIONS.map((p, i) => [p, got[i]]))).toEqual(
      Object.fromEntries(ALL_PERMISSIONS.map((p) => [p, SEED_000[role].includes(p)])),
    );
  });
});

describe('design 001 (org-hierarchy preset): every role × every permission, with inheritance and admin:*', () => {
  let f: AuthzFixture;
  const ids: Record<string, string> = {};
  const GROUP: Record<string, string | undefined> = {
    admin: 'TwinMind-Admins',
    manager: 'TwinMind-Managers',
    member: 'TwinMind-Members',
    viewer: 'TwinMind-Viewers',
  };
  beforeAll(async () => {
    f = await authzFixture({ preset: 'org-hierarchy' });
    for (const role of Object.keys(SEED_001)) {
      const group = GROUP[role];
      ids[role] = (await f.user(role, group ? [group] : []))._id;
    }
    // Design 001 maps no IdP group to owner: an administrator assigns it (design 000 updateUserRole).
    expect((await f.call('POST', `/v1/users/${ids.owner}/roles`, { role: 'owner' })).status).toBe(200);
  });
  afterAll(() => f.close());

  it.each(Object.keys(SEED_001))('%s', async (role) => {
    const got = await decisions(f, ids[role], ALL_PERMISSIONS);
    expect(Object.fromEntries(ALL_PERMISSIONS.map((p, i) => [p, got[i]]))).toEqual(
      Object.fromEntries(ALL_PERMISSIONS.map((p) => [p, has001(role, p)])),
    );
  });
});

/** Design 002 AGENT_PERMISSIONS, TOOL_PERMISSIONS and WORKFLOW_PERMISSIONS. */
const F = ['FINANCE', 'ADMINS'];
const H = ['HR', 'ADMINS'];
const E = ['ENGINEERING', 'ADMINS'];
const M = ['MARKETING', 'ADMINS'];
const SEED_002: Record<string, Record<string, string[]>> = {
  agent: {
    financeAgent: F,
    budgetAnalysisAgent: F,
    hrAgent: H,
    recruitingAgent: H,
    engineeringAgent: E,
    codeReviewAgent: E,
    marketingAgent: M,
    contentAgent: M,
    generalAgent: [],
    researchAgent: [],
  },
  tool: {
    getBudgetReport: F,
    processPayroll: F,
    generateInvoice: F,
    viewExpenses: F,
    viewEmployeeRecords: H,
    updateEmployeeInfo: H,
    processLeaveRequest: H,
    deployCode: E,
    viewLogs: E,
    runTests: E,
    schedulePost: M,
    analyticsReport: M,
    weatherTool: [],
    searchTool: [],
    calculatorTool: [],
    getMyEmails: [],
    getMyTasks: [],
    sendEmail: [],
    getMyCalendar: [],
  },
  workflow: {
    financialReportWorkflow: F,
    budgetApprovalWorkflow: F,
    onboardingWorkflow: H,
    offboardingWorkflow: H,
    deploymentWorkflow: E,
    incidentResponseWorkflow: E,
    campaignWorkflow: M,
    researchWorkflow: [],
    documentSummaryWorkflow: [],
  },
};

/** Design 002 canAccessAgent: no entry → false; empty → true; ADMINS → true; else any listed group. */
function can002(groups: string[], kind: string, id: string): boolean {
  const list = SEED_002[kind][id];
  if (list === undefined) return false;
  if (list.length === 0) return true;
  if (groups.includes('ADMINS')) return true;
  return list.some((g) => groups.includes(g));
}

describe('design 002 (group-based preset): every ACL rule for every resource and group', () => {
  let f: AuthzFixture;
  const USERS: Record<string, string[]> = {
    finance: ['FINANCE'],
    hr: ['HR'],
    engineering: ['ENGINEERING'],
    marketing: ['MARKETING'],
    admins: ['ADMINS'],
    nobody: [],
    inactive: ['ENGINEERING'],
  };
  const ids: Record<string, string> = {};
  // Every resource of the seed, plus one with no entry per kind.
  const checks = Object.entries(SEED_002).flatMap(([kind, map]) =>
    [...Object.keys(map), `unlisted-${kind}`].map((id) => ({ kind, id })),
  );

  beforeAll(async () => {
    f = await authzFixture({ preset: 'group-based' });
    for (const [name, groups] of Object.entries(USERS)) ids[name] = (await f.user(name, groups))._id;
    await updateUser(f.server.directory, f.tenantId, ids.inactive, (u) => ({ ...u, active: false }), {
      actor: { type: 'system', id: 't' },
      source: 'scim',
    });
  });
  afterAll(() => f.close());

  it.each(Object.keys(USERS))('%s', async (name) => {
    const reply = await f.call('POST', '/v1/authorize/batch', {
      subject: ids[name],
      checks: checks.map((c) => ({ resource: c })),
    });
    const got = Object.fromEntries(checks.map((c, i) => [`${c.kind}/${c.id}`, reply.body.results[i]]));
    const want = Object.fromEntries(
      checks.map((c) => {
        const groups = USERS[name];
        if (name === 'inactive') return [`${c.kind}/${c.id}`, { allow: false, reason: 'denied: user is not active' }];
        const list = SEED_002[c.kind][c.id];
        const allow = can002(groups, c.kind, c.id);
        const reason =
          list === undefined
            ? 'denied: no ACL entry'
            : list.length === 0
              ? 'granted: empty ACL (every authenticated user)'
              : groups.includes('ADMINS')
                ? 'granted: admins group override (ADMINS)'
                : allow
                  ? `granted by group ${groups.find((g) => list.includes(g))}`
                  : 'denied: not in an allowed group';
        return [`${c.kind}/${c.id}`, { allow, reason }];
      }),
    );
    expect(got).toEqual(want);
  });

  it.each([
    ['member (every signed-in user)', 'nobody', false],
    ['admin (ADMINS)', 'admins', true],
  ])('role %s × every permission of the designs', async (_role, user, all) => {
    expect(await decisions(f, ids[user], ALL_PERMISSIONS)).toEqual(ALL_PERMISSIONS.map(() => all));
  });
});
