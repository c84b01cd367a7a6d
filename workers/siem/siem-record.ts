// The shipped form of one audit record, and the facts every format derives from it: the category a
// stream filters by, the noun and verb of the `noun.verb` action, and who/what the target is.
import { createRequire } from 'node:module';
import { catalogueEntry, type AuditEventDoc } from '../../src/audit/index.js';

/**
 * An audit record as the delivery loop hands it to a shipper. `seq` is the per-tenant commit
 * sequence (the loop's cursor); it is optional until the store writes it on every record.
 */
export type ShippableAudit = AuditEventDoc & { seq?: number };

export const SIEM_CATEGORIES = ['authentication', 'iam', 'access', 'configuration', 'other'] as const;
export type SiemCategory = (typeof SIEM_CATEGORIES)[number];

const CONFIGURATION_NOUNS = new Set([
  'tenant',
  'idp_connection',
  'connector',
  // sync.full_started / sync.full_completed: runs of a downstream connector (workers/sync).
  'sync',
  'siem_stream',
  'access_policy',
  'resource_acl',
]);
const IAM_NOUNS = new Set(['user', 'group', 'team', 'invitation', 'api_key', 'scim_token', 'operator_key']);
const AUTHENTICATION_ACTIONS = new Set(['user.logout', 'operator.signed_in', 'operator.signed_out']);

/** Splits `noun.verb`; a name without a dot is all noun (verb ''). */
export function splitAction(action: string): { noun: string; verb: string } {
  const dot = action.indexOf('.');
  return dot < 0 ? { noun: action, verb: '' } : { noun: action.slice(0, dot), verb: action.slice(dot + 1) };
}

/**
 * The stream-filter category of an action: the catalogue's (src/audit/catalogue.ts) for a name it
 * knows. Names not (yet) in the catalogue, such as `connector.sync_failed` or `team.created`, are
 * filed by their noun, so a stream keeps matching as the catalogue grows.
 */
export function categoryOf(action: string): SiemCategory {
  return catalogueEntry(action)?.category ?? categoryByNoun(action);
}

function categoryByNoun(action: string): SiemCategory {
  const { noun, verb } = splitAction(action);
  if ((noun === 'user' && verb.startsWith('login')) || AUTHENTICATION_ACTIONS.has(action)) return 'authentication';
  if (IAM_NOUNS.has(noun) || noun === 'role' || noun.startsWith('role_')) return 'iam';
  if (noun === 'access') return 'access';
  if (CONFIGURATION_NOUNS.has(noun)) return 'configuration';
  return 'other';
}

/** The catalogue's one-line description, or the action itself for a name it does not know. */
export function describeAction(action: string): string {
  return catalogueEntry(action)?.description ?? action;
}

function detailString(record: ShippableAudit, key: string): string | undefined {
  const value = record.details?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface Party {
  id: string;
  name?: string;
}

/**
 * The user a record is about: the target when it is a user, else the member a group change names
 * (`details.userId`, see src/people/memberships.ts).
 */
export function targetUserOf(record: ShippableAudit): Party | undefined {
  if (record.target?.type === 'user') return { id: record.target.id, ...nameOf(detailString(record, 'userName')) };
  const member = detailString(record, 'userId');
  return member ? { id: member, ...nameOf(detailString(record, 'userName')) } : undefined;
}

/** The group a record is about, when its target is a group (or team). */
export function targetGroupOf(record: ShippableAudit): Party | undefined {
  const type = record.target?.type;
  if (type !== 'group' && type !== 'team') return undefined;
  return { id: record.target!.id, ...nameOf(detailString(record, 'displayName') ?? detailString(record, 'groupName')) };
}

function nameOf(name: string | undefined): { name?: string } {
  return name ? { name } : {};
}

/** The actor's user id, when the actor is a person (not a token, key or the system). */
export function actorUserId(record: ShippableAudit): string | undefined {
  return record.actor.type === 'user' ? record.actor.id : undefined;
}

/** Every user id a record involves, deduplicated: ECS `related.user`, the "who was touched" pivot. */
export function relatedUsers(record: ShippableAudit): string[] {
  const ids = [actorUserId(record), targetUserOf(record)?.id].filter((id): id is string => !!id);
  return [...new Set(ids)];
}

/** The format-neutral JSON form (`raw`): the stored record minus the store's TTL bookkeeping. */
export function toPlainRecord(record: ShippableAudit): Record<string, unknown> {
  const { _id, expiresAt: _expiresAt, actorId: _actorId, ...rest } = record;
  return { id: _id, category: categoryOf(record.action), ...rest };
}

/** The product version formats name as the sender (CEF header, syslog, OCSF metadata). */
export const ROSTER_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
