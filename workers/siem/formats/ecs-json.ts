// The ECS document of ecs.ts written straight to JSON text, for the shippers' hot path: one string
// per record with no intermediate objects. Its text is exactly JSON.stringify(toEcs(record)) (same
// keys, same order; test/unit/siem/ecs.test.ts compares them record by record). Building toEcs's
// dozen small objects and arrays and then stringifying them was about half of the shipper's CPU
// per record and most of its garbage (`node --cpu-prof` of bench/siem.ts). The per-action parts
// (category, type) are computed once per action name.
import {
  actorUserId,
  categoryOf,
  targetGroupOf,
  targetUserOf,
  type Party,
  type ShippableAudit,
} from '../siem-record.js';
import { ECS_VERSION, ecsCategory, ecsOutcome, ecsType, toEcs } from './ecs.js';

const q = JSON.stringify;

interface ActionParts {
  /** `"action":…,"kind":"event","category":[…],"type":[…]` */
  event: string;
  /** `"category":…` of the roster.* block. */
  rosterCategory: string;
}

const actionParts = new Map<string, ActionParts>();
/** Action names come from the catalogue and its nouns; the bound only guards against a flood of odd names. */
const MAX_CACHED_ACTIONS = 10_000;

function partsOf(action: string): ActionParts {
  let parts = actionParts.get(action);
  if (!parts) {
    parts = {
      event: `"action":${q(action)},"kind":"event","category":${q(ecsCategory(action))},"type":${q(ecsType(action))}`,
      rosterCategory: `"category":${q(categoryOf(action))}`,
    };
    if (actionParts.size < MAX_CACHED_ACTIONS) actionParts.set(action, parts);
  }
  return parts;
}

const ECS_HEAD = `,"ecs":{"version":${q(ECS_VERSION)}},"event":{"id":`;

function party(p: Party): string {
  return p.name === undefined ? `{"id":${q(p.id)}}` : `{"id":${q(p.id)},"name":${q(p.name)}}`;
}

/** The fields the fast path writes without checking: anything else falls back to toEcs. */
function plain(record: ShippableAudit): boolean {
  return (
    typeof record._id === 'string' &&
    typeof record.time === 'string' &&
    typeof record.tenantId === 'string' &&
    typeof record.action === 'string' &&
    typeof record.outcome === 'string' &&
    typeof record.actor?.type === 'string' &&
    typeof record.actor.id === 'string' &&
    (record.sourceIp === undefined || typeof record.sourceIp === 'string') &&
    (record.requestId === undefined || typeof record.requestId === 'string') &&
    (record.reason === undefined || typeof record.reason === 'string') &&
    (record.seq === undefined || Number.isFinite(record.seq))
  );
}

function userText(actorId: string | undefined, target: Party | undefined, group: Party | undefined): string {
  if (!actorId && !target) return '';
  const id = actorId ? `"id":${q(actorId)}` : '';
  if (!target) return `,"user":{${id}}`;
  const name = target.name === undefined ? '' : `,"name":${q(target.name)}`;
  const groupText = group ? `,"group":${party(group)}` : '';
  return `,"user":{${id}${id ? ',' : ''}"target":{"id":${q(target.id)}${name}${groupText}}}`;
}

function relatedText(actorId: string | undefined, target: Party | undefined, ip: string | undefined): string {
  const users = actorId && target && target.id !== actorId ? [actorId, target.id] : actorId ? [actorId] : [];
  if (!actorId && target) users.push(target.id);
  if (!users.length && !ip) return '';
  const userPart = users.length ? `"user":${q(users)}` : '';
  const ipPart = ip ? `${userPart ? ',' : ''}"ip":[${q(ip)}]` : '';
  return `,"related":{${userPart}${ipPart}}`;
}

/** JSON.stringify(toEcs(record)), written directly. */
export function ecsJson(record: ShippableAudit): string {
  if (!plain(record)) return q(toEcs(record));
  const parts = partsOf(record.action);
  const actorId = actorUserId(record);
  const target = targetUserOf(record);
  const group = targetGroupOf(record);
  const ip = record.sourceIp || undefined;
  const requestId = record.requestId || undefined;
  const outcome = q(record.outcome);
  const event =
    `${q(record._id)},${parts.event},"outcome":"${ecsOutcome(record.outcome)}",` +
    `"dataset":"roster.audit","provider":"roster"` +
    (record.reason ? `,"reason":${q(record.reason)}` : '') +
    (record.seq !== undefined ? `,"sequence":${q(record.seq)}` : '');
  const roster =
    `{${parts.rosterCategory},"outcome":${outcome},` +
    `"actor":{"type":${q(record.actor.type)},"id":${q(record.actor.id)}}` +
    (record.target ? `,"target":${q(record.target)}` : '') +
    (requestId ? `,"request_id":${q(requestId)}` : '') +
    (record.details ? `,"details":${q(record.details)}` : '') +
    '}';
  return (
    `{"@timestamp":${q(record.time)}${ECS_HEAD}${event}},"organization":{"id":${q(record.tenantId)}}` +
    userText(actorId, target, group) +
    (group ? `,"group":${party(group)}` : '') +
    (ip ? `,"source":{"ip":${q(ip)}}` : '') +
    relatedText(actorId, target, ip) +
    (requestId ? `,"labels":{"request_id":${q(requestId)}}` : '') +
    `,"roster":${roster}}`
  );
}
