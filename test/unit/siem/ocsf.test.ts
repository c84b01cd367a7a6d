import { describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../../../src/audit/index.js';
import { OCSF_CLASSES, ocsfClassOf, toOcsf } from '../../../workers/siem/formats/ocsf.js';
import { auditRecord } from '../../helpers/siem/records.js';

describe('OCSF format', () => {
  it('gives every catalogue action an IAM class and an activity that class defines', () => {
    for (const action of Object.keys(EVENT_CATALOGUE)) {
      const event = toOcsf(auditRecord({ action: action as never }));
      const klass = OCSF_CLASSES[event.class_uid as keyof typeof OCSF_CLASSES];
      expect(klass, action).toBeDefined();
      expect(Object.keys(klass.activities), action).toContain(String(event.activity_id));
      expect(event.category_uid, action).toBe(3);
      expect(event.type_uid, action).toBe((event.class_uid as number) * 100 + (event.activity_id as number));
    }
  });

  it.each([
    ['user.created', 3001, 1],
    ['user.reactivated', 3001, 2],
    ['user.deactivated', 3001, 5],
    ['user.deleted', 3001, 6],
    ['user.login', 3002, 1],
    ['user.logout', 3002, 2],
    ['group.created', 3006, 6],
    ['group.deleted', 3006, 5],
    ['group.member_added', 3006, 3],
    ['group.member_removed', 3006, 4],
    ['access.denied', 3003, 1],
    ['idp_connection.deleted', 3004, 4],
    ['team.created', 3006, 6],
    ['connector.sync_failed', 3004, 99],
    ['user.mfa_enrolled', 3001, 99],
  ])('classifies %s as class %i activity %i', (action, classUid, activityId) => {
    expect(ocsfClassOf(action)).toEqual({ classUid, activityId });
  });

  it('writes a SAML logon failure with epoch-ms time, failure status, reason and source endpoint', () => {
    const event = toOcsf(
      auditRecord({
        _id: 'aud_9',
        seq: 3,
        action: 'user.login_failed',
        outcome: 'failure',
        reason: 'saml_expired: too late',
        actor: { type: 'anonymous', id: '203.0.113.7' },
        target: undefined,
      }),
    );
    expect(event).toMatchObject({
      class_uid: 3002,
      class_name: 'Authentication',
      activity_id: 1,
      type_uid: 300201,
      time: Date.parse('2026-03-01T12:00:00.123Z'),
      status_id: 2,
      status: 'Failure',
      status_detail: 'saml_expired: too late',
      severity_id: 2,
      auth_protocol_id: 5,
      metadata: {
        uid: 'aud_9',
        version: '1.1.0',
        tenant_uid: 'acme',
        sequence: 3,
        correlation_uid: 'req_1',
        product: { name: 'Roster', vendor_name: 'Roster' },
      },
      actor: { user: { uid: '203.0.113.7', type_id: 99, type: 'anonymous' } },
      src_endpoint: { ip: '203.0.113.7' },
    });
  });

  it('tells role grants from revocations in user access management', () => {
    const grant = toOcsf(auditRecord({ action: 'user.roles_changed', details: { added: ['admin'], removed: [] } }));
    const revoke = toOcsf(auditRecord({ action: 'user.roles_changed', details: { added: [], removed: ['admin'] } }));
    expect(grant).toMatchObject({
      class_uid: 3005,
      activity_id: 1,
      type_uid: 300501,
      privileges: ['admin'],
      user: { uid: 'usr_1' },
    });
    expect(revoke).toMatchObject({ class_uid: 3005, activity_id: 2, type_uid: 300502, privileges: ['admin'] });
  });

  it('names user and group of a membership change', () => {
    const event = toOcsf(
      auditRecord({
        action: 'group.member_removed',
        target: { type: 'group', id: 'grp_1' },
        details: { userId: 'usr_5' },
      }),
    );
    expect(event).toMatchObject({
      type_uid: 300604,
      user: { uid: 'usr_5' },
      group: { uid: 'grp_1' },
      status_id: 1,
      severity_id: 1,
    });
  });
});
