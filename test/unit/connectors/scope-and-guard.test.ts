import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealConfig } from '../../../src/connectors/connector-secrets.js';
import {
  type ConnectorDoc,
  connectorAad,
  DEFAULT_DELETE_GUARD,
  exceedsGuard,
  groupInScope,
  maskedConfig,
  openConfig,
  quarantineIntervalMs,
  syncStateId,
  userInScope,
} from '../../../src/connectors/index.js';
import { createSecretBox } from '../../../src/credentials/index.js';
import { RosterError } from '../../../src/errors/index.js';

describe('scope', () => {
  const groups = { type: 'groups', groupIds: ['g1', 'g2'] } as const;
  const scoped = { type: 'groups' as const, groupIds: [...groups.groupIds] };

  it('puts every user and group in scope for type "all", even a user in no group', () => {
    expect(userInScope({ type: 'all' }, [])).toBe(true);
    expect(groupInScope({ type: 'all' }, 'any')).toBe(true);
  });

  it('leaves a user in no group out of a group scope', () => {
    expect(userInScope(scoped, [])).toBe(false);
  });

  it('pushes only the chosen groups, matching ids exactly', () => {
    expect(groupInScope(scoped, 'g2')).toBe(true);
    expect(groupInScope(scoped, 'g3')).toBe(false);
    expect(groupInScope(scoped, 'G1')).toBe(false);
    expect(groupInScope(scoped, 'g')).toBe(false);
  });

  it('leaves everyone out of a group scope with no groups chosen', () => {
    const none = { type: 'groups' as const, groupIds: [] };
    expect(userInScope(none, ['g1'])).toBe(false);
    expect(groupInScope(none, 'g1')).toBe(false);
  });
});

describe('accidental-deletion guard', () => {
  const guard = { maxCount: 50, maxPercent: 20, minCount: 10 };

  it('holds any run past maxCount, whatever the percentage', () => {
    expect(exceedsGuard(guard, 51, 1_000_000)).toBe(true);
    expect(exceedsGuard(guard, 50, 1_000_000)).toBe(false);
  });

  it('applies the percentage from minCount on, not below it', () => {
    expect(exceedsGuard(guard, 9, 10)).toBe(false); // 90 % but under minCount
    expect(exceedsGuard(guard, 10, 10)).toBe(true); // 100 % at minCount
  });

  it('holds strictly above maxPercent, not at it', () => {
    expect(exceedsGuard(guard, 10, 50)).toBe(false); // exactly 20 %
    expect(exceedsGuard(guard, 10, 49)).toBe(true); // 20.4 %
    expect(exceedsGuard(guard, 11, 55)).toBe(false); // exactly 20 %
  });

  it('does not divide by zero when nothing is provisioned yet', () => {
    expect(exceedsGuard(guard, 20, 0)).toBe(false);
    expect(exceedsGuard(guard, 51, 0)).toBe(true);
  });

  it('never holds a run with nothing to delete', () => {
    expect(exceedsGuard({ maxCount: 0, maxPercent: 0, minCount: 0 }, 0, 100)).toBe(false);
    expect(exceedsGuard({ maxCount: 0, maxPercent: 0, minCount: 0 }, 1, 100)).toBe(true);
  });

  it('has the documented defaults (500 users, 20 % from 10 on) and they cannot be changed in place', () => {
    expect(DEFAULT_DELETE_GUARD).toEqual({ maxCount: 500, maxPercent: 20, minCount: 10 });
    expect(Object.isFrozen(DEFAULT_DELETE_GUARD)).toBe(true);
  });
});

describe('quarantine back-off', () => {
  const DAY_MS = 86_400_000;

  it('starts at the base interval for a first (or zeroth) failure', () => {
    expect(quarantineIntervalMs(1000, 0)).toBe(1000);
    expect(quarantineIntervalMs(1000, 1)).toBe(1000);
  });

  it('caps at one day, including bases already over a day', () => {
    expect(quarantineIntervalMs(1000, 17)).toBe(65_536_000);
    expect(quarantineIntervalMs(1000, 18)).toBe(DAY_MS);
    expect(quarantineIntervalMs(2 * DAY_MS, 1)).toBe(DAY_MS);
  });
});

describe('sealed connector configuration', () => {
  const box = createSecretBox([{ kid: 'k1', key: randomBytes(32) }]);
  const config = { baseUrl: 'https://t.example/scim', auth: { type: 'bearer', token: 'tok-123' } };

  function docFor(tenantId: string, connectorId: string): ConnectorDoc {
    const sealed = sealConfig(box, { tenantId, connectorId }, config, ['auth.token']);
    return { _id: connectorId, tenantId, ...sealed } as unknown as ConnectorDoc;
  }

  it('keeps the secret out of the stored plain part and opens back to the whole configuration', () => {
    const doc = docFor('acme', 'c1');
    expect(JSON.stringify(doc.config)).not.toContain('tok-123');
    expect(JSON.stringify(doc.secrets)).not.toContain('tok-123');
    expect(openConfig(box, doc)).toEqual(config);
  });

  it('shows an admin that the secret is set, never its value', () => {
    expect(maskedConfig(box, docFor('acme', 'c1'))).toEqual({
      baseUrl: 'https://t.example/scim',
      auth: { type: 'bearer', token: '[set]' },
    });
  });

  it('binds the sealed part to its tenant and connector: copied elsewhere it does not open', () => {
    const original = docFor('acme', 'c1');
    for (const [tenantId, connectorId] of [
      ['acme', 'c2'],
      ['other', 'c1'],
    ]) {
      const copy = { ...docFor(tenantId, connectorId), secrets: original.secrets };
      let error: unknown;
      try {
        openConfig(box, copy);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RosterError);
      expect((error as RosterError).code).toBe('secret_unreadable');
    }
    expect(connectorAad('acme', 'c1')).not.toBe(connectorAad('acme', 'c2'));
  });
});

describe('sync state ids', () => {
  it('are distinct per connector, kind and object', () => {
    const ids = new Set([
      syncStateId('c1', 'user', 'x'),
      syncStateId('c2', 'user', 'x'),
      syncStateId('c1', 'group', 'x'),
      syncStateId('c1', 'user', 'y'),
    ]);
    expect(ids.size).toBe(4);
  });
});
