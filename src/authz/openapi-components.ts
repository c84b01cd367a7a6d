// Response schemas of /v1/openapi.json (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
const strings = { type: 'array', items: { type: 'string' } } as const;
const meter = {
  type: 'object',
  required: ['used', 'limit', 'remaining', 'resetAt'],
  properties: {
    used: { type: 'integer' },
    limit: { type: ['integer', 'null'], description: 'null: no cap' },
    remaining: { type: ['integer', 'null'] },
    resetAt: {
      type: 'string',
      format: 'date-time',
      description: 'UTC midnight for daily meters, the next minute for requestsPerMinute',
    },
  },
} as const;

export const RESPONSE_SCHEMAS = {
  Decision: {
    type: 'object',
    required: ['allow', 'reason'],
    properties: {
      allow: { type: 'boolean' },
      reason: {
        type: 'string',
        examples: ['granted by role developer via chat:*', 'denied: user deny list', 'denied: no grant'],
      },
    },
  },
  BatchDecisions: {
    type: 'object',
    required: ['results'],
    properties: { results: { type: 'array', items: { $ref: '#/components/schemas/Decision' } } },
  },
  Capabilities: {
    type: 'object',
    description: 'Seed 002 "my capabilities", plus roles, permissions and usable models',
    properties: {
      user: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          userName: { type: 'string' },
          email: { type: ['string', 'null'], format: 'email' },
          displayName: { type: 'string' },
          active: { type: 'boolean' },
        },
      },
      agents: strings,
      tools: strings,
      workflows: strings,
      groups: strings,
      roles: strings,
      permissions: strings,
      models: strings,
      resources: {
        type: 'object',
        additionalProperties: strings,
        description: 'tenant-declared kinds → accessible ids',
      },
    },
  },
  UsageReport: {
    type: 'object',
    required: ['allowed', 'tenant'],
    properties: {
      allowed: { type: 'boolean' },
      exceeded: {
        type: 'string',
        enum: ['tenant.requests', 'tenant.tokens', 'key.requests', 'key.tokens', 'key.requestsPerMinute'],
      },
      tenant: { type: 'object', properties: { requests: meter, tokens: meter } },
      key: { type: 'object', properties: { requests: meter, tokens: meter, requestsPerMinute: meter } },
    },
  },
  ScopedKey: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      hint: { type: 'string' },
      userId: { type: 'string' },
      permissions: strings,
      allowedModels: strings,
      limits: {
        type: 'object',
        properties: {
          requestsPerMinute: { type: 'integer' },
          tokensPerDay: { type: 'integer' },
          requestsPerDay: { type: 'integer' },
        },
      },
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      state: { type: 'string', enum: ['active', 'pending_approval', 'revoked'] },
      key: { type: 'string', description: 'rst_sk_… — present only in the creation response' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details (application/problem+json)',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string' },
      permission: { type: 'string', description: 'on 403 permission_denied: the missing permission' },
      reason: { type: 'string' },
      requestId: { type: 'string' },
    },
  },
} as const;
