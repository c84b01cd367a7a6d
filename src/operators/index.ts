// Platform operators: the keys and roles behind the ops console.
export {
  PLATFORM_TENANT,
  OPERATOR_ROLES,
  createOperatorKey,
  listOperatorKeys,
  revokeOperatorKey,
  verifyOperatorKey,
  activeOperatorKey,
  operatorRolesFrom,
  type OperatorKeyDoc,
  type OperatorRole,
} from './operator-keys.js';
