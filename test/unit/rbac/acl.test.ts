import { describe, expect, it } from 'vitest';
import { ROLE_PRESETS } from '../../../config/roles/index.js';
import {
  accessibleIds,
  checkAcl,
  checkerOf,
  compileAcls,
  compileRoles,
  compileSubject,
  filterCatalogue,
  memberOf,
  type GroupRef,
} from '../../../src/rbac/index.js';

const preset = ROLE_PRESETS['group-based'];
const acls = compileAcls(preset.acl.entries, preset.acl);
// Entra sends group object ids; Roster keeps them as externalId beside the displayName.
const ENGINEERING: GroupRef = {
  id: 'g-eng',
  displayName: 'ENGINEERING',
  externalId: '7f3c0000-0000-4000-8000-0000000000e1',
};
const FINANCE: GroupRef = { id: 'g-fin', displayName: 'FINANCE' };
const ADMINS: GroupRef = { id: 'g-adm', displayName: 'ADMINS' };

describe('design 002: group-based resource ACLs', () => {
  it.each([
    [
      'an engineer uses an engineering agent',
      [ENGINEERING],
      'agent',
      'engineeringAgent',
      true,
      'granted by group ENGINEERING',
    ],
    [
      'an engineer may not use a finance agent',
      [ENGINEERING],
      'agent',
      'financeAgent',
      false,
      'denied: not in an allowed group',
    ],
    [
      'an empty list is open to every authenticated user',
      [],
      'tool',
      'weatherTool',
      true,
      'granted: empty ACL (every authenticated user)',
    ],
    ['no entry is denied', [ENGINEERING], 'tool', 'launchMissiles', false, 'denied: no ACL entry'],
    [
      'no entry is denied even for admins (fail closed)',
      [ADMINS],
      'tool',
      'launchMissiles',
      false,
      'denied: no ACL entry',
    ],
    [
      'the admins group overrides',
      [ADMINS],
      'workflow',
      'budgetApprovalWorkflow',
      true,
      'granted: admins group override (ADMINS)',
    ],
    ['an undeclared kind is denied', [ADMINS], 'dataset', 'sales', false, 'denied: unknown resource kind'],
    [
      'a finance user runs the finance workflow',
      [FINANCE],
      'workflow',
      'financialReportWorkflow',
      true,
      'granted by group FINANCE',
    ],
  ])('%s', (_what, groups, kind, id, allow, reason) => {
    expect(checkAcl(acls, memberOf(groups), kind, id)).toEqual({ allow, reason });
  });

  it.each([
    ['displayName, any case', 'engineering'],
    ['the IdP group id (Entra object id)', '7f3c0000-0000-4000-8000-0000000000e1'],
    ['the Roster group id', 'g-eng'],
  ])('matches an ACL group by %s', (_what, ref) => {
    const index = compileAcls([{ kind: 'agent', resourceId: 'a', groups: [ref] }], { adminGroups: [], kinds: [] });
    expect(checkAcl(index, memberOf([ENGINEERING]), 'agent', 'a').allow).toBe(true);
  });

  it('lets tenant-declared kinds carry ACLs', () => {
    const index = compileAcls([{ kind: 'dataset', resourceId: 'sales', groups: ['FINANCE'] }], {
      adminGroups: ['ADMINS'],
      kinds: ['dataset'],
    });
    expect(checkAcl(index, memberOf([FINANCE]), 'dataset', 'sales').allow).toBe(true);
    expect(() =>
      compileAcls([{ kind: 'secret', resourceId: 'x', groups: [] }], { adminGroups: [], kinds: [] }),
    ).toThrow(/not declared/);
  });

  it('lets admin:* holders through lists that exist', () => {
    const owner = checkerOf(
      compileSubject(compileRoles([{ name: 'owner', permissions: ['admin:*'] }]), { roles: ['owner'] }),
    );
    expect(checkAcl(acls, memberOf([]), 'agent', 'hrAgent', owner)).toEqual({
      allow: true,
      reason: 'granted by role owner via admin:*',
    });
  });

  it('lists what an engineer may use (design 002 getUserCapabilities example)', () => {
    const groups = memberOf([ENGINEERING]);
    expect(accessibleIds(acls, groups, 'agent')).toEqual([
      'codeReviewAgent',
      'engineeringAgent',
      'generalAgent',
      'researchAgent',
    ]);
    expect(accessibleIds(acls, groups, 'workflow')).toEqual([
      'deploymentWorkflow',
      'documentSummaryWorkflow',
      'incidentResponseWorkflow',
      'researchWorkflow',
    ]);
    expect(accessibleIds(acls, groups, 'tool')).toEqual([
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
    ]);
  });

  it('filters a catalogue down to what the user may use, dropping unlisted items', () => {
    const catalogue = { generalAgent: { v: 1 }, financeAgent: { v: 2 }, unlistedAgent: { v: 3 } };
    expect(filterCatalogue(acls, memberOf([ENGINEERING]), 'agent', catalogue)).toEqual({ generalAgent: { v: 1 } });
    expect(filterCatalogue(acls, memberOf([ADMINS]), 'agent', catalogue)).toEqual({
      generalAgent: { v: 1 },
      financeAgent: { v: 2 },
    });
  });
});
