// People: users, groups and the memberships between them, as the IdP (SCIM or SAML) says.
export * from './types.js';
export type { WriteContext, Page, PageOptions } from './write-helpers.js';
export {
  USER_ATTRIBUTE_KEYS,
  createUser,
  getUser,
  findUser,
  findUsers,
  updateUser,
  deleteUser,
  userAttributesOf,
  type UserAttributes,
} from './users.js';
export {
  GROUP_ATTRIBUTE_KEYS,
  createGroup,
  getGroup,
  findGroups,
  updateGroup,
  deleteGroup,
  groupAttributesOf,
  type GroupAttributes,
  type GroupChange,
  type GroupUpdate,
} from './groups.js';
export { applyMemberChanges, memberIdsOf, groupIdsOf, type MemberChange, type MemberDelta } from './memberships.js';
export {
  groupRefsOfUsers,
  memberRefsOfGroups,
  relationLookup,
  type RelatedRef,
  type RelationLookup,
} from './relations.js';
