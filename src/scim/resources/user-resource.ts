import type { UserAttributes } from '../../people/index.js';
import { applyPatch, type View } from '../patch/apply-patch.js';
import type { PatchOperation } from '../patch/patch-request.js';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from '../schema/schemas.js';
import { scimError } from '../scim-errors.js';
import { asBoolean } from './coerce.js';
import { inputFromScim } from './scim-input.js';
import { USER_STORAGE } from './storage-map.js';

// SCIM User bodies ↔ the user service's attributes: POST, PUT and PATCH all end in the same
// validation (inputFromScim), so each rule is enforced once.

/** RFC 7643 §4.1.1: userName is required and non-empty. */
function finish(attributes: Record<string, unknown>, activeDefault: boolean): UserAttributes {
  const userName = attributes.userName;
  if (typeof userName !== 'string' || userName.trim() === '')
    throw scimError('invalidValue', 'userName is required and must be a non-empty string');
  return { ...attributes, userName, active: asBoolean(attributes.active) ?? activeDefault } as UserAttributes;
}

/** POST /Users. A user is active unless the body says otherwise. */
export function userFromCreate(body: unknown): UserAttributes {
  return finish(inputFromScim(USER_STORAGE, body).attributes, true);
}

/**
 * PUT /Users/{id}: attributes omitted are cleared (RFC 7644 §3.5.1 lets the server assume so),
 * except `active`, which keeps its value: a PUT that forgets `active` must not reactivate a user.
 */
export function userReplacement(body: unknown): (current: UserAttributes) => UserAttributes {
  const { attributes } = inputFromScim(USER_STORAGE, body); // checked before any transaction opens
  return (current) => finish(attributes, current.active);
}

/** The user as a SCIM document without id, meta and groups: what a PATCH works on. */
export function userView(attrs: UserAttributes): View {
  const { scimRoles, enterprise, ...core } = attrs;
  return {
    ...core,
    ...(scimRoles ? { roles: scimRoles } : {}),
    ...(enterprise ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
  };
}

/** PATCH /Users/{id} (RFC 7644 §3.5.2). */
export function patchUser(current: UserAttributes, operations: PatchOperation[], id: string): UserAttributes {
  const view = applyPatch(userView(current), operations, { resource: USER_STORAGE.resource, resourceId: id });
  return finish(inputFromScim(USER_STORAGE, { ...view, schemas: [USER_SCHEMA] }).attributes, current.active);
}
