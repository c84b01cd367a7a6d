import type { MemberChange } from '../../people/index.js';
import type { FilterNode } from '../filter/ast.js';
import type { ResourceDef } from '../schema/schemas.js';
import { overCap, SCIM_REQUEST_LIMITS } from '../request-limits.js';
import { scimError } from '../scim-errors.js';
import { parsePatchPath } from './patch-path.js';
import type { PatchOperation } from './patch-request.js';
import { isObject } from './patch-values.js';

// A Group PATCH split in two: member changes, which go to the memberships collection as bulk
// writes (never through a members array), and the rest, applied to the group's attributes.
// The member forms real clients send (RFC 7644 §3.5.2, Okta's and Entra's SCIM docs):
//   add     path "members", value [{value, display?, $ref?}]           Okta group push, Entra
//   remove  path "members[value eq \"id\"]"                            Okta, Entra with aadOptscim062020
//   remove  path "members", value [{value}]                            Entra without the flag
//   replace path "members", value […]  /  remove path "members"        the whole list
//   no path, value {"members": […]}                                    RFC 7644 §3.5.2.1

export interface SplitPatch {
  attributeOps: PatchOperation[];
  memberChanges: MemberChange[];
}

/** The user ids in a members value: objects with a string `value` (Groups hold users only). */
export function memberIds(value: unknown, index: number): string[] {
  const items = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
  assertMemberCount(items.length);
  return items.map((item) => {
    if (!isObject(item) || typeof item.value !== 'string' || item.value === '') {
      throw scimError('invalidValue', `operation ${index}: each member needs a string "value" (a user id)`);
    }
    if (typeof item.type === 'string' && item.type !== 'User')
      throw scimError(
        'invalidValue',
        `operation ${index}: only users can be members (nested groups are not supported)`,
      );
    return item.value;
  });
}

/** README "Limits": the member ids of one request, so a request's bulk writes stay bounded. */
function assertMemberCount(count: number): void {
  const cap = SCIM_REQUEST_LIMITS.membersPerRequest;
  if (count > cap) throw scimError('tooMany', overCap('one request may name', cap, count, 'members'));
}

/** members[value eq "a" or value eq "b"]: the ids it names. */
function idsInFilter(filter: FilterNode, index: number): string[] {
  if (filter.kind === 'or') return filter.items.flatMap((f) => idsInFilter(f, index));
  if (filter.kind === 'and') {
    const valueTerms = filter.items.filter(
      (f) => !(f.kind === 'compare' && f.path.name.toLowerCase() === 'type' && f.value === 'User'),
    );
    if (valueTerms.length === 1) return idsInFilter(valueTerms[0], index);
  }
  if (
    // Stryker disable next-line ConditionalExpression: only a comparison has op "eq"
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.name.toLowerCase() === 'value' &&
    typeof filter.value === 'string'
  )
    return [filter.value];
  throw scimError('invalidPath', `operation ${index}: a members filter must name members by value eq "<id>"`);
}

function pathChange(op: PatchOperation, filter: FilterNode | undefined): MemberChange[] {
  if (filter) {
    const named = idsInFilter(filter, op.index);
    if (op.op === 'remove') return [{ op: 'remove', userIds: named }];
    if (op.op === 'replace')
      return [
        { op: 'remove', userIds: named },
        { op: 'add', userIds: memberIds(op.value, op.index) },
      ];
    return [{ op: 'add', userIds: memberIds(op.value, op.index) }];
  }
  if (op.op === 'add') return [{ op: 'add', userIds: memberIds(op.value, op.index) }];
  if (op.op === 'replace') return [{ op: 'set', userIds: memberIds(op.value, op.index) }];
  return op.value === undefined ? [{ op: 'removeAll' }] : [{ op: 'remove', userIds: memberIds(op.value, op.index) }];
}

function withoutPath(op: PatchOperation, into: SplitPatch): void {
  // Stryker disable next-line ConditionalExpression: a string or array value has no members key either
  if (!isObject(op.value)) return void into.attributeOps.push(op);
  const key = Object.keys(op.value).find((k) => k.toLowerCase() === 'members');
  if (key === undefined) return void into.attributeOps.push(op);
  const { [key]: members, ...rest } = op.value;
  into.memberChanges.push({ op: op.op === 'replace' ? 'set' : 'add', userIds: memberIds(members, op.index) });
  if (Object.keys(rest).length) into.attributeOps.push({ ...op, value: rest });
}

export function splitGroupPatch(resource: ResourceDef, operations: PatchOperation[]): SplitPatch {
  const into: SplitPatch = { attributeOps: [], memberChanges: [] };
  for (const op of operations) {
    if (op.path === undefined) {
      withoutPath(op, into);
      continue;
    }
    const target = parsePatchPath(resource, op.path);
    // Stryker disable next-line ConditionalExpression: Groups have no extension, so no other kind comes here
    if (target.kind !== 'attribute' || target.attr.name !== 'members') {
      into.attributeOps.push(op);
      continue;
    }
    // RFC 7643 §4.2: the members sub-attributes are immutable; a member is added or removed whole.
    if (target.sub)
      throw scimError(
        'mutability',
        `operation ${op.index}: members.${target.sub.name} cannot be changed; add or remove the member`,
      );
    into.memberChanges.push(...pathChange(op, target.filter));
  }
  assertMemberCount(into.memberChanges.reduce((n, change) => n + ('userIds' in change ? change.userIds.length : 0), 0));
  return into;
}
