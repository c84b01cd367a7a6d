import type { AclEntry, PolicyDefinition } from '../../src/rbac/index.js';

// Design 002 (an agent platform's group-based permissions): access follows directory security
// groups. Unlisted resources are denied, empty lists are open to every authenticated user, and
// members of ADMINS pass every list.

const FINANCE = ['FINANCE', 'ADMINS'];
const HR = ['HR', 'ADMINS'];
const ENGINEERING = ['ENGINEERING', 'ADMINS'];
const MARKETING = ['MARKETING', 'ADMINS'];

const entries = (kind: string, map: Record<string, string[]>): AclEntry[] =>
  Object.entries(map).map(([resourceId, groups]) => ({ kind, resourceId, groups }));

export const GROUP_BASED: PolicyDefinition = {
  roles: [
    { name: 'member', description: 'Every signed-in user; access comes from group ACLs', rank: 1, permissions: [] },
    { name: 'admin', description: 'Members of ADMINS: everything', rank: 100, permissions: ['admin:*'] },
  ],
  mapping: { strategy: 'highest', defaultRole: 'member', rules: [{ group: 'ADMINS', role: 'admin' }] },
  acl: {
    adminGroups: ['ADMINS'],
    kinds: [],
    entries: [
      ...entries('agent', {
        financeAgent: FINANCE,
        budgetAnalysisAgent: FINANCE,
        hrAgent: HR,
        recruitingAgent: HR,
        engineeringAgent: ENGINEERING,
        codeReviewAgent: ENGINEERING,
        marketingAgent: MARKETING,
        contentAgent: MARKETING,
        generalAgent: [],
        researchAgent: [],
      }),
      ...entries('tool', {
        getBudgetReport: FINANCE,
        processPayroll: FINANCE,
        generateInvoice: FINANCE,
        viewExpenses: FINANCE,
        viewEmployeeRecords: HR,
        updateEmployeeInfo: HR,
        processLeaveRequest: HR,
        deployCode: ENGINEERING,
        viewLogs: ENGINEERING,
        runTests: ENGINEERING,
        schedulePost: MARKETING,
        analyticsReport: MARKETING,
        weatherTool: [],
        searchTool: [],
        calculatorTool: [],
        getMyEmails: [],
        getMyTasks: [],
        sendEmail: [],
        getMyCalendar: [],
      }),
      ...entries('workflow', {
        financialReportWorkflow: FINANCE,
        budgetApprovalWorkflow: FINANCE,
        onboardingWorkflow: HR,
        offboardingWorkflow: HR,
        deploymentWorkflow: ENGINEERING,
        incidentResponseWorkflow: ENGINEERING,
        campaignWorkflow: MARKETING,
        researchWorkflow: [],
        documentSummaryWorkflow: [],
      }),
    ],
  },
};
