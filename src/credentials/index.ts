// Secrets Roster issues (SCIM tokens, admin keys, scoped keys): stored hashed, shown once.
export { SECRET_PREFIXES, generateSecret, hashSecret, digestsEqual, secretKindOf, type SecretKind } from './secrets.js';
export {
  createCredential,
  revokeCredential,
  listCredentials,
  verifyCredential,
  type CredentialDoc,
  type CreateCredentialInput,
} from './credentials.js';
export { createCredentialCache, type CredentialCache } from './credential-cache.js';
