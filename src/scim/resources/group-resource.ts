import type { GroupAttributes, GroupChange, MemberChange } from '../../people/index.js';
import { applyPatch } from '../patch/apply-patch.js';
import { memberIds, splitGroupPatch } from '../patch/member-ops.js';
import type { PatchOperation } from '../patch/patch-request.js';
import { GROUP_SCHEMA } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';
import { inputFromScim } from './scim-input.js';
import { GROUP_STORAGE } from './storage-map.js';

// SCIM Group bodies ↔ the group service: attributes plus member changes.

/** RFC 7643 §4.2: displayName is required. */
function attributesOf(attributes: Record<string, unknown>): GroupAttributes {
  const displayName = attributes.displayName;
  if (typeof displayName !== 'string' || displayName.trim() === '')
    throw scimError('invalidValue', 'displayName is required and must be a non-empty string');
  return { displayName, ...(typeof attributes.externalId === 'string' ? { externalId: attributes.externalId } : {}) };
}

/** POST /Groups: attributes and the initial members (Entra sends none, Okta `"members": []`). */
export function groupFromCreate(body: unknown): { attributes: GroupAttributes; members: string[] } {
  const input = inputFromScim(GROUP_STORAGE, body);
  return { attributes: attributesOf(input.attributes), members: memberIds(input.relation, 1) };
}

/**
 * PUT /Groups/{id}. With `members`, the member list is replaced; without, it is left as it is:
 * RFC 7644 §3.5.1 lets a server treat omitted attributes as "not asserted", and clearing a
 * 50,000-member group because a client renamed it with PUT is the worse failure.
 */
export function groupFromReplace(body: unknown): GroupChange {
  const input = inputFromScim(GROUP_STORAGE, body);
  const attributes = attributesOf(input.attributes);
  const members: MemberChange[] =
    input.relation === undefined ? [] : [{ op: 'set', userIds: memberIds(input.relation, 1) }];
  return { attributes: () => attributes, members };
}

/** PATCH /Groups/{id} (RFC 7644 §3.5.2): member ops become bulk member changes. */
export function groupPatch(operations: PatchOperation[], id: string): GroupChange {
  const { attributeOps, memberChanges } = splitGroupPatch(GROUP_STORAGE.resource, operations);
  if (attributeOps.length === 0) return { members: memberChanges };
  return {
    members: memberChanges,
    attributes: (current) => {
      const view = applyPatch({ ...current }, attributeOps, { resource: GROUP_STORAGE.resource, resourceId: id });
      return attributesOf(inputFromScim(GROUP_STORAGE, { ...view, schemas: [GROUP_SCHEMA] }).attributes);
    },
  };
}
