import { describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../../../src/audit/index.js';
import { SIEM_CATEGORIES, categoryOf, relatedUsers, toPlainRecord } from '../../../workers/siem/siem-record.js';
import { auditRecord } from '../../helpers/siem/records.js';

describe('siem record: categories streams filter by', () => {
  it('puts every catalogue action in a named category (none falls through to other)', () => {
    for (const action of Object.keys(EVENT_CATALOGUE)) {
      expect(SIEM_CATEGORIES, action).toContain(categoryOf(action));
      expect(categoryOf(action), action).not.toBe('other');
    }
  });

  it.each([
    ['user.login', 'authentication'],
    ['user.login_failed', 'authentication'],
    ['user.logout', 'authentication'],
    ['user.created', 'iam'],
    ['user.roles_changed', 'iam'],
    ['group.member_added', 'iam'],
    ['role.created', 'iam'],
    ['role_mapping.updated', 'iam'],
    ['api_key.rejected', 'iam'],
    ['scim_token.revoked', 'iam'],
    ['access.denied', 'access'],
    ['access.granted', 'access'],
    ['tenant.updated', 'configuration'],
    ['idp_connection.created', 'configuration'],
    ['access_policy.updated', 'configuration'],
    ['resource_acl.updated', 'configuration'],
  ])('files %s under %s', (action, category) => {
    expect(categoryOf(action)).toBe(category);
  });

  it.each([
    ['team.created', 'iam'],
    ['team.member_added', 'iam'],
    ['connector.sync_failed', 'configuration'],
    ['siem_stream.suspended', 'configuration'],
    ['user.login_mfa', 'authentication'],
    ['billing.charged', 'other'],
    ['nodot', 'other'],
  ])('files the future name %s under %s', (action, category) => {
    expect(categoryOf(action)).toBe(category);
  });

  it("ships the record without the store's TTL bookkeeping", () => {
    const plain = toPlainRecord(auditRecord({ _id: 'aud_x', seq: 42 }));
    expect(plain).toMatchObject({ id: 'aud_x', category: 'iam', seq: 42, tenantId: 'acme' });
    expect(plain).not.toHaveProperty('expiresAt');
    expect(plain).not.toHaveProperty('_id');
  });

  it('relates the acting person and the member a group change names, once each', () => {
    const record = auditRecord({
      action: 'group.member_added',
      actor: { type: 'user', id: 'usr_admin' },
      target: { type: 'group', id: 'grp_1' },
      details: { userId: 'usr_9' },
    });
    expect(relatedUsers(record)).toEqual(['usr_admin', 'usr_9']);
    expect(
      relatedUsers(
        auditRecord({ action: 'user.login', actor: { type: 'user', id: 'u' }, target: { type: 'user', id: 'u' } }),
      ),
    ).toEqual(['u']);
  });
});
