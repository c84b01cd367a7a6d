// OCSF 1.1.0 form of an audit record: category 3 "Identity & Access Management" classes, with
// class/activity ids from the OCSF schema browser (schema.ocsf.io, v1.1.0) and the bridge mapping in
// docs/outbound.md type_uid = class_uid * 100 + activity_id (OCSF "Base Event").
import {
  ROSTER_VERSION,
  categoryOf,
  describeAction,
  splitAction,
  targetGroupOf,
  targetUserOf,
  type ShippableAudit,
} from '../siem-record.js';

export const OCSF_VERSION = '1.1.0';

export const OCSF_CLASSES = {
  3001: { name: 'Account Change', activities: { 1: 'Create', 2: 'Enable', 5: 'Disable', 6: 'Delete', 99: 'Other' } },
  3002: { name: 'Authentication', activities: { 1: 'Logon', 2: 'Logoff', 99: 'Other' } },
  3003: { name: 'Authorize Session', activities: { 1: 'Assign Privileges', 99: 'Other' } },
  3004: { name: 'Entity Management', activities: { 1: 'Create', 3: 'Update', 4: 'Delete', 99: 'Other' } },
  3005: { name: 'User Access Management', activities: { 1: 'Assign Privileges', 2: 'Revoke Privileges', 99: 'Other' } },
  3006: {
    name: 'Group Management',
    activities: {
      1: 'Assign Privileges',
      2: 'Revoke Privileges',
      3: 'Add User',
      4: 'Remove User',
      5: 'Delete',
      6: 'Create',
      99: 'Other',
    },
  },
} as const satisfies Record<number, { name: string; activities: Record<number, string> }>;

export type OcsfClassUid = keyof typeof OCSF_CLASSES;
export interface OcsfClassification {
  classUid: OcsfClassUid;
  activityId: number;
}

const ACTIONS: Record<string, [OcsfClassUid, number]> = {
  'user.created': [3001, 1],
  'user.reactivated': [3001, 2],
  'user.deactivated': [3001, 5],
  'user.deleted': [3001, 6],
  'user.updated': [3001, 99],
  'user.login': [3002, 1],
  'user.login_failed': [3002, 1],
  'user.logout': [3002, 2],
  'scim_token.rejected': [3002, 1],
  'api_key.rejected': [3002, 1],
  'group.created': [3006, 6],
  'group.deleted': [3006, 5],
  'group.member_added': [3006, 3],
  'group.member_removed': [3006, 4],
  'group.updated': [3006, 99],
  'role_mapping.updated': [3006, 99],
  'access.granted': [3003, 1],
  'access.denied': [3003, 1],
};

const ENTITY_VERBS: Record<string, number> = { created: 1, updated: 3, approved: 3, deleted: 4, revoked: 4 };

/** The OCSF class and activity of an action; names outside the table fall back by noun and verb. */
export function ocsfClassOf(action: string): OcsfClassification {
  const known = ACTIONS[action];
  if (known) return { classUid: known[0], activityId: known[1] };
  const { noun, verb } = splitAction(action);
  if (noun === 'user') return { classUid: 3001, activityId: 99 };
  if (noun === 'group' || noun === 'team')
    return { classUid: 3006, activityId: verb === 'created' ? 6 : verb === 'deleted' ? 5 : 99 };
  if (categoryOf(action) === 'access') return { classUid: 3003, activityId: 99 };
  return { classUid: 3004, activityId: ENTITY_VERBS[verb] ?? 99 };
}

/** user.roles_changed carries the added/removed roles: assign, revoke, or both (Other). */
function rolesChangeActivity(record: ShippableAudit): OcsfClassification {
  const added = (record.details?.added as unknown[] | undefined)?.length ?? 0;
  const removed = (record.details?.removed as unknown[] | undefined)?.length ?? 0;
  return { classUid: 3005, activityId: added && !removed ? 1 : removed && !added ? 2 : 99 };
}

function classify(record: ShippableAudit): OcsfClassification {
  return record.action === 'user.roles_changed' ? rolesChangeActivity(record) : ocsfClassOf(record.action);
}

const SEVERITY = { success: [1, 'Informational'], failure: [2, 'Low'], denied: [3, 'Medium'] } as const;
const USER_TYPE: Record<string, [number, string]> = { user: [1, 'User'], system: [3, 'System'] };

function actorOf(record: ShippableAudit): Record<string, unknown> {
  const [typeId, type] = USER_TYPE[record.actor.type] ?? [99, record.actor.type];
  return { user: { uid: record.actor.id, type_id: typeId, type } };
}

function ocsfUser(party: { id: string; name?: string }): Record<string, unknown> {
  return { uid: party.id, ...(party.name ? { name: party.name } : {}) };
}

/** The class-specific objects each class requires (user, group, entity, privileges). */
function classObjects(record: ShippableAudit, classUid: OcsfClassUid): Record<string, unknown> {
  const user = targetUserOf(record) ?? (record.actor.type === 'user' ? { id: record.actor.id } : undefined);
  const group = targetGroupOf(record);
  const out: Record<string, unknown> = user ? { user: ocsfUser(user) } : {};
  if (group) out.group = ocsfUser(group);
  if (classUid === 3002) Object.assign(out, authenticationObjects(record));
  if (classUid === 3004 && record.target) out.entity = { uid: record.target.id, type: record.target.type };
  if (classUid === 3005)
    out.privileges = [...((record.details?.added as string[]) ?? []), ...((record.details?.removed as string[]) ?? [])];
  if (classUid === 3003 && record.target?.type === 'permission') out.privileges = [record.target.id];
  return out;
}

/** SAML is auth_protocol_id 5 in OCSF 1.1; rejected bearer credentials are "Other". */
function authenticationObjects(record: ShippableAudit): Record<string, unknown> {
  const saml = splitAction(record.action).noun === 'user';
  return saml
    ? { auth_protocol_id: 5, auth_protocol: 'SAML' }
    : { auth_protocol_id: 99, auth_protocol: 'Bearer token' };
}

function metadataOf(record: ShippableAudit): Record<string, unknown> {
  return {
    uid: record._id,
    version: OCSF_VERSION,
    tenant_uid: record.tenantId,
    product: { name: 'Roster', vendor_name: 'Roster', version: ROSTER_VERSION },
    ...(record.requestId ? { correlation_uid: record.requestId } : {}),
    ...(record.seq !== undefined ? { sequence: record.seq } : {}),
  };
}

/** One audit record as an OCSF 1.1 event (pure). */
export function toOcsf(record: ShippableAudit): Record<string, unknown> {
  const { classUid, activityId } = classify(record);
  const klass = OCSF_CLASSES[classUid];
  const activityName = (klass.activities as Record<number, string>)[activityId] ?? 'Other';
  const [severityId, severity] = SEVERITY[record.outcome] ?? [0, 'Unknown'];
  return {
    category_uid: 3,
    category_name: 'Identity & Access Management',
    class_uid: classUid,
    class_name: klass.name,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: classUid * 100 + activityId,
    type_name: `${klass.name}: ${activityName}`,
    time: Date.parse(record.time),
    severity_id: severityId,
    severity,
    status_id: record.outcome === 'success' ? 1 : 2,
    status: record.outcome === 'success' ? 'Success' : 'Failure',
    ...(record.reason ? { status_detail: record.reason } : {}),
    message: describeAction(record.action),
    metadata: metadataOf(record),
    actor: actorOf(record),
    ...classObjects(record, classUid),
    ...(record.sourceIp ? { src_endpoint: { ip: record.sourceIp } } : {}),
    unmapped: {
      action: record.action,
      outcome: record.outcome,
      ...(record.target ? { target: record.target } : {}),
      ...(record.details ? { details: record.details } : {}),
    },
  };
}
