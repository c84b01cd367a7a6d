import type { PolicyDefinition } from '../../src/rbac/index.js';

// Design 001 (a meeting-notes SaaS's enterprise RBAC): owner > admin > manager > member > viewer,
// each role inheriting the one below; owner holds admin:*, which beats every deny.
export const ORG_HIERARCHY: PolicyDefinition = {
  roles: [
    {
      name: 'viewer',
      description: 'Can view own transcripts and summaries',
      permissions: ['transcript:read', 'summary:read'],
    },
    {
      name: 'member',
      description: 'Standard team member with create access',
      inherits: ['viewer'],
      permissions: [
        'transcript:create',
        'transcript:read',
        'transcript:delete',
        'summary:generate',
        'summary:read',
        'action_item:create',
      ],
    },
    {
      name: 'manager',
      description: 'Can manage team transcripts and members',
      inherits: ['member'],
      permissions: [
        'transcript:read:all',
        'transcript:delete:all',
        'action_item:assign',
        'action_item:delete',
        'team:view',
        'team:invite',
      ],
    },
    {
      name: 'admin',
      description: 'Full organizational admin access',
      inherits: ['manager'],
      permissions: [
        'team:manage',
        'team:remove',
        'settings:view',
        'settings:manage',
        'integrations:manage',
        'billing:view',
        'audit:view',
      ],
    },
    {
      name: 'owner',
      description: 'Organization owner with full access',
      inherits: ['admin'],
      permissions: ['admin:*', 'billing:manage', 'compliance:manage'],
    },
  ],
  // Design 001's Okta example; its loop takes the first listed group, which is also the highest.
  mapping: {
    strategy: 'highest',
    defaultRole: 'member',
    rules: [
      { group: 'TwinMind-Admins', role: 'admin' },
      { group: 'TwinMind-Managers', role: 'manager' },
      { group: 'TwinMind-Members', role: 'member' },
      { group: 'TwinMind-Viewers', role: 'viewer' },
    ],
  },
  acl: { adminGroups: [], kinds: [], entries: [] },
};
