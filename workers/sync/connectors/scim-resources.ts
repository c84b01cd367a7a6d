import type { DesiredGroup, DesiredUser } from '../connector.js';

// SCIM request bodies built from Roster's desired state (RFC 7643 §4.1 User, §4.2 Group;
// RFC 7644 §3.5.2 PatchOp). Attributes Roster does not know are left out, never cleared.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

/**
 * A filter `attr eq "value"`. RFC 7644 §3.4.2.2: compValue is a JSON string (RFC 8259 §7), so
 * JSON.stringify escapes quotes, backslashes and control characters exactly as required.
 */
export function eqFilter(attribute: string, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`;
}

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function userAttributes(u: DesiredUser): Record<string, unknown> {
  const name =
    u.givenName !== undefined || u.familyName !== undefined
      ? defined({ givenName: u.givenName, familyName: u.familyName })
      : undefined;
  return defined({
    userName: u.userName,
    externalId: u.externalId,
    name,
    displayName: u.displayName,
    emails: u.email ? [{ value: u.email, type: 'work', primary: true }] : undefined,
    active: u.active,
  });
}

/** POST /Users and PUT /Users/{id} body. */
export function userResource(u: DesiredUser, id?: string): Record<string, unknown> {
  return { schemas: [USER_SCHEMA], ...(id ? { id } : {}), ...userAttributes(u) };
}

/** One `replace` per attribute Roster knows (RFC 7644 §3.5.2.3), so unknown ones stay as they are. */
export function userReplaceOps(u: DesiredUser): PatchOperation[] {
  return Object.entries(userAttributes(u)).map(([path, value]) => ({ op: 'replace', path, value }));
}

export function groupResource(
  g: DesiredGroup,
  members?: Array<{ value: string }>,
  id?: string,
): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    ...(id ? { id } : {}),
    ...defined({ displayName: g.displayName, externalId: g.externalId }),
    ...(members ? { members } : {}),
  };
}

export function groupReplaceOps(g: DesiredGroup): PatchOperation[] {
  return Object.entries(defined({ displayName: g.displayName, externalId: g.externalId })).map(([path, value]) => ({
    op: 'replace',
    path,
    value,
  }));
}

export const patchBody = (ops: PatchOperation[]) => ({ schemas: [PATCH_SCHEMA], Operations: ops });

/** RFC 7644 §3.5.2.1: add with path "members" and the values to add. */
export const addMembersOp = (ids: string[]): PatchOperation => ({
  op: 'add',
  path: 'members',
  value: ids.map((value) => ({ value })),
});

/**
 * RFC 7644 §3.5.2.2: a remove of "members" without a filter removes *all* members, so each
 * member is removed by its own valuePath filter `members[value eq "…"]`.
 */
export const removeMemberOp = (id: string): PatchOperation => ({
  op: 'remove',
  path: `members[${eqFilter('value', id)}]`,
});
