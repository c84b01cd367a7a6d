export * from './types.js';
export { nowIso, type DirectoryDeps } from './deps.js';
export { SECRET_PREFIXES, generateSecret, hashSecret, digestsEqual, secretKindOf, type SecretKind } from './secrets.js';
export {
  createCredential,
  revokeCredential,
  listCredentials,
  verifyCredential,
  type CredentialDoc,
  type CreateCredentialInput,
} from './credentials.js';
export { createTenant, getTenant, listTenants, updateTenant, assertSlug, assertPlan, type CreateTenantInput } from './tenants.js';
