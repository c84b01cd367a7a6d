import type { PolicyDefinition } from '../../src/rbac/index.js';

// Design 000 (an AI API vendor's enterprise RBAC): five flat roles over nine permissions. The seed
// has no inheritance, so ranks are explicit for the `highest` mapping strategy.
export const API_PLATFORM: PolicyDefinition = {
  roles: [
    {
      name: 'admin',
      description: 'Platform administrators: full access, manage keys',
      rank: 50,
      permissions: [
        'chat:complete',
        'chat:stream',
        'embeddings:create',
        'models:list',
        'models:use:small',
        'models:use:large',
        'keys:manage',
        'usage:view',
        'audit:view',
      ],
    },
    {
      name: 'developer',
      description: 'Active development: all models, full features',
      rank: 40,
      permissions: [
        'chat:complete',
        'chat:stream',
        'embeddings:create',
        'models:list',
        'models:use:small',
        'models:use:large',
        'usage:view',
      ],
    },
    {
      name: 'analyst',
      description: 'Data analysis and reports: read-only, limited models',
      rank: 30,
      permissions: ['chat:complete', 'embeddings:create', 'models:list', 'models:use:small', 'usage:view'],
    },
    {
      name: 'service',
      description: 'Automated systems: API access, specific model',
      rank: 20,
      permissions: ['chat:complete', 'chat:stream', 'embeddings:create', 'models:use:small'],
    },
    {
      name: 'viewer',
      description: 'Auditors and stakeholders: read logs only',
      rank: 10,
      permissions: ['models:list', 'usage:view', 'audit:view'],
    },
  ],
  mapping: {
    strategy: 'highest',
    defaultRole: null,
    rules: [
      { group: 'admins', role: 'admin' },
      { group: 'developers', role: 'developer' },
      { group: 'analysts', role: 'analyst' },
      { group: 'services', role: 'service' },
      { group: 'viewers', role: 'viewer' },
    ],
  },
  acl: { adminGroups: [], kinds: [], entries: [] },
};
