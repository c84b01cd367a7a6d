// Elastic Common Schema (ECS 8.x) form of an audit record. Field names and the allowed values of
// event.kind / event.category / event.type / event.outcome follow the ECS reference
// ("ECS Categorization Fields", "User Fields", "Group Fields"). What ECS has no field for goes
// under `roster.*` (custom fields under a vendor prefix, as ECS recommends).
import {
  actorUserId,
  categoryOf,
  relatedUsers,
  splitAction,
  targetGroupOf,
  targetUserOf,
  type ShippableAudit,
} from '../siem-record.js';

export const ECS_VERSION = '8.11.0';

export type EcsDocument = Record<string, unknown> & { '@timestamp': string; event: Record<string, unknown> };

const VERB_TYPES: Record<string, string> = {
  created: 'creation',
  deleted: 'deletion',
  revoked: 'deletion',
  updated: 'change',
  roles_changed: 'change',
  member_added: 'change',
  member_removed: 'change',
  deactivated: 'change',
  reactivated: 'change',
  approved: 'change',
  login: 'start',
  login_failed: 'start',
  logout: 'end',
  rejected: 'start',
  granted: 'allowed',
  denied: 'denied',
};

/** ECS event.category: Roster's `access` checks and credential rejections are IAM / authentication in ECS terms. */
export function ecsCategory(action: string): string[] {
  const { verb } = splitAction(action);
  if (verb === 'rejected') return ['authentication'];
  const category = categoryOf(action);
  if (category === 'authentication') return ['authentication', 'session'];
  if (category === 'iam' || category === 'access') return ['iam'];
  if (category === 'configuration') return ['configuration'];
  return [];
}

/** ECS event.type: the object kind (user / group / admin for other IAM objects) plus the change kind. */
export function ecsType(action: string): string[] {
  const { noun, verb } = splitAction(action);
  const change = VERB_TYPES[verb] ?? 'info';
  const category = categoryOf(action);
  if (category === 'authentication' || verb === 'rejected' || category === 'access') return [change];
  if (category !== 'iam') return [change];
  const object = noun === 'user' ? 'user' : noun === 'group' || noun === 'team' ? 'group' : 'admin';
  return [object, change];
}

/** ECS event.outcome has success / failure / unknown only: a Roster `denied` is a failure. */
export function ecsOutcome(outcome: string): 'success' | 'failure' | 'unknown' {
  if (outcome === 'success') return 'success';
  return outcome === 'failure' || outcome === 'denied' ? 'failure' : 'unknown';
}

function eventFields(record: ShippableAudit): Record<string, unknown> {
  return {
    id: record._id,
    action: record.action,
    kind: 'event',
    category: ecsCategory(record.action),
    type: ecsType(record.action),
    outcome: ecsOutcome(record.outcome),
    dataset: 'roster.audit',
    provider: 'roster',
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.seq !== undefined ? { sequence: record.seq } : {}),
  };
}

function userFields(record: ShippableAudit): Record<string, unknown> | undefined {
  const actorId = actorUserId(record);
  const target = targetUserOf(record);
  const group = targetGroupOf(record);
  const targetFields = target ? { ...target, ...(group ? { group } : {}) } : undefined;
  if (!actorId && !targetFields) return undefined;
  return { ...(actorId ? { id: actorId } : {}), ...(targetFields ? { target: targetFields } : {}) };
}

function rosterFields(record: ShippableAudit): Record<string, unknown> {
  return {
    category: categoryOf(record.action),
    outcome: record.outcome,
    actor: { type: record.actor.type, id: record.actor.id },
    ...(record.target ? { target: record.target } : {}),
    ...(record.requestId ? { request_id: record.requestId } : {}),
    ...(record.details ? { details: record.details } : {}),
  };
}

function relatedFields(users: string[], ip: string | undefined): Record<string, unknown> {
  if (!users.length && !ip) return {};
  return { related: { ...(users.length ? { user: users } : {}), ...(ip ? { ip: [ip] } : {}) } };
}

/** One audit record as an ECS document (pure: same record, same document). */
export function toEcs(record: ShippableAudit): EcsDocument {
  const user = userFields(record);
  const group = targetGroupOf(record);
  const related = relatedUsers(record);
  return {
    '@timestamp': record.time,
    ecs: { version: ECS_VERSION },
    event: eventFields(record),
    organization: { id: record.tenantId },
    ...(user ? { user } : {}),
    ...(group ? { group } : {}),
    ...(record.sourceIp ? { source: { ip: record.sourceIp } } : {}),
    ...relatedFields(related, record.sourceIp),
    ...(record.requestId ? { labels: { request_id: record.requestId } } : {}),
    roster: rosterFields(record),
  };
}
