// Every stable error code Roster can raise, with the HTTP status an edge maps it to.
// Codes are part of the public contract: add new ones, never rename.
export const ERROR_CODES = {
  // generic
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  // config and store
  config_invalid: 500,
  store_unique_violation: 409,
  store_transaction_failed: 503,
  // tenants and secrets
  tenant_not_found: 404,
  tenant_exists: 409,
  secret_invalid: 401,
  secret_revoked: 401,
  secret_expired: 401,
  // rbac
  role_cycle: 400,
  role_not_found: 404,
  permission_denied: 403,
  quota_exceeded: 429,
  // saml
  saml_invalid_response: 400,
  saml_replay: 400,
  saml_connection_not_found: 404,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;
