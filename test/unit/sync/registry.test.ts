import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONNECTOR_KINDS, connectorKind, createConnector } from '../../../workers/sync/connectors/index.js';
import { lookup } from '../../../workers/sync/connectors/template.js';
import { derivedEventId } from '../../../workers/sync/connectors/cloudevents.js';

const deps = { tenantId: 't', connectorId: 'c' };
const example = async (name: string) =>
  JSON.parse(await readFile(new URL(`../../../config/connectors/${name}`, import.meta.url), 'utf8'));

const samples: Record<string, unknown> = {
  scim: {
    baseUrl: 'https://scim.example/v2',
    auth: { type: 'oauth2', tokenUrl: 'https://auth.example/token', clientId: 'id', clientSecret: 'secret' },
  },
  github: { org: 'acme', token: 'ghp_x' },
  webhook: { url: 'https://hooks.example/roster', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] },
  rest: {
    baseUrl: 'https://api.example',
    auth: { value: 'Bearer k' },
    operations: {
      createUser: { method: 'POST', path: '/users' },
      deleteUser: { method: 'DELETE', path: '/users/{{ref.remoteId}}' },
    },
  },
};

describe('connector registry', () => {
  it('builds every kind from a minimal config, and names secret fields that exist in it', () => {
    for (const [kind, definition] of Object.entries(CONNECTOR_KINDS)) {
      const config = definition.configSchema.parse(samples[kind]);
      expect(createConnector(kind, samples[kind], deps).kind).toBe(kind);
      expect(definition.secretFields.some((path) => lookup(config, path) !== undefined)).toBe(true);
    }
  });

  it('reports every bad key of a config at once, and knows no kind by prototype names', () => {
    const result = CONNECTOR_KINDS.github.configSchema.safeParse({ org: '', minMutationGapMs: -1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['minMutationGapMs', 'org', 'token']);
    expect(connectorKind('toString')).toBeUndefined();
    expect(() => createConnector('ldap', {}, deps)).toThrow(/unknown connector kind/);
  });

  it('accepts both shipped REST example configs', async () => {
    for (const file of ['twinmind-organization-members.json', 'api-platform-organization-users.json']) {
      const config = await example(file);
      expect(createConnector('rest', config, deps).kind).toBe('rest');
    }
  });

  it('derives the same CloudEvents id for the same change whatever the key order', () => {
    expect(derivedEventId('user.updated', 'u1', { a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      derivedEventId('user.updated', 'u1', { b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(derivedEventId('user.updated', 'u1', { a: 1 })).not.toBe(derivedEventId('user.deleted', 'u1', { a: 1 }));
  });
});
