import { describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../../../src/audit/index.js';
import { toEcs } from '../../../workers/siem/formats/ecs.js';
import { ecsJson } from '../../../workers/siem/formats/ecs-json.js';
import { auditRecord } from '../../helpers/siem/records.js';

const ECS_CATEGORIES = ['authentication', 'configuration', 'iam', 'session'];
const ECS_TYPES = [
  'access',
  'admin',
  'allowed',
  'change',
  'creation',
  'deletion',
  'denied',
  'end',
  'group',
  'info',
  'start',
  'user',
];

describe('ECS format', () => {
  it('maps a provisioned user to iam / user+creation with actor, target, tenant and sequence', () => {
    const doc = toEcs(auditRecord({ _id: 'aud_1', seq: 7, details: { userName: 'zoe@acme.test' } }));
    expect(doc).toMatchObject({
      '@timestamp': '2026-03-01T12:00:00.123Z',
      event: {
        id: 'aud_1',
        action: 'user.created',
        kind: 'event',
        category: ['iam'],
        type: ['user', 'creation'],
        outcome: 'success',
        sequence: 7,
      },
      organization: { id: 'acme' },
      user: { target: { id: 'usr_1', name: 'zoe@acme.test' } },
      source: { ip: '203.0.113.7' },
      related: { user: ['usr_1'], ip: ['203.0.113.7'] },
      labels: { request_id: 'req_1' },
      roster: {
        actor: { type: 'scim_token', id: 'tok_1' },
        request_id: 'req_1',
        details: { userName: 'zoe@acme.test' },
      },
    });
    // A SCIM token is not a user: no user.id for the actor.
    expect(doc.user).not.toHaveProperty('id');
  });

  it('reports a refused login as an authentication failure and keeps the reason', () => {
    const doc = toEcs(
      auditRecord({
        action: 'user.login_failed',
        outcome: 'denied',
        reason: 'saml_user_inactive: user is deactivated',
        actor: { type: 'user', id: 'usr_2' },
        target: { type: 'user', id: 'usr_2' },
      }),
    );
    expect(doc.event).toMatchObject({
      category: ['authentication', 'session'],
      type: ['start'],
      outcome: 'failure',
      reason: 'saml_user_inactive: user is deactivated',
    });
    expect(doc.roster).toMatchObject({ outcome: 'denied' });
    expect(doc.user).toEqual({ id: 'usr_2', target: { id: 'usr_2' } });
  });

  it('names the member and the group of a membership change (ECS "user added to group")', () => {
    const doc = toEcs(
      auditRecord({
        action: 'group.member_added',
        actor: { type: 'user', id: 'usr_admin' },
        target: { type: 'group', id: 'grp_eng' },
        details: { userId: 'usr_9' },
      }),
    );
    expect(doc.event).toMatchObject({ category: ['iam'], type: ['group', 'change'] });
    expect(doc.user).toEqual({ id: 'usr_admin', target: { id: 'usr_9', group: { id: 'grp_eng' } } });
    expect(doc.group).toEqual({ id: 'grp_eng' });
    expect(doc.related).toMatchObject({ user: ['usr_admin', 'usr_9'] });
  });

  it('leaves out event.sequence when the record has no seq yet', () => {
    expect(toEcs(auditRecord({ seq: undefined })).event).not.toHaveProperty('sequence');
  });

  it('uses only ECS allowed category and type values for every catalogue action', () => {
    for (const action of Object.keys(EVENT_CATALOGUE)) {
      const { event } = toEcs(auditRecord({ action: action as never }));
      for (const c of event.category as string[]) expect(ECS_CATEGORIES, action).toContain(c);
      for (const t of event.type as string[]) expect(ECS_TYPES, action).toContain(t);
      expect((event.category as string[]).length, action).toBeGreaterThan(0);
    }
  });

  it('writes the ECS document as text exactly as JSON.stringify(toEcs(record)) for every shape of record', () => {
    const shapes: Parameters<typeof auditRecord>[0][] = [
      {},
      { seq: undefined, sourceIp: undefined, requestId: undefined, target: undefined, details: undefined },
      { actor: { type: 'user', id: 'usr_9' }, target: { type: 'user', id: 'usr_9' } },
      { actor: { type: 'user', id: 'usr_admin' }, details: { userName: 'zoë "quoted" \\ \u2028 名前' } },
      {
        action: 'group.member_added',
        actor: { type: 'user', id: 'usr_admin' },
        target: { type: 'group', id: 'grp_eng' },
        details: { userId: 'usr_9', userName: 'z@acme.test', displayName: 'Eng' },
      },
      { action: 'team.created' as never, target: { type: 'team', id: 'tm_1' }, details: { groupName: 'Core' } },
      { action: 'access.denied', outcome: 'denied', reason: 'missing permission "x"', sourceIp: '' },
      { action: 'user.login_failed', outcome: 'failure', actor: { type: 'anonymous', id: '' } },
      { action: 'connector.sync_failed' as never, details: { nested: { at: new Date('2026-01-02T03:04:05Z') } } },
      { time: 'not a time' },
      { seq: null as never, actor: { type: 'user' } as never },
    ];
    const actions = Object.keys(EVENT_CATALOGUE).map((action) => ({ action: action as never }));
    for (const shape of [...shapes, ...actions]) {
      const record = auditRecord(shape);
      expect(ecsJson(record), JSON.stringify(shape)).toBe(JSON.stringify(toEcs(record)));
    }
  });
});
