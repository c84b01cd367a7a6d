// Secrets Roster issues (SCIM tokens, admin keys, scoped keys): stored hashed, shown once.
export {
  SECRET_PREFIXES,
  INVITATION_PREFIX,
  generateInvitationToken,
  secretHint,
  generateSecret,
  hashSecret,
  digestsEqual,
  secretKindOf,
  type SecretKind,
} from './secrets.js';
export {
  createCredential,
  revokeCredential,
  listCredentials,
  verifyCredential,
  type CredentialDoc,
  type CreateCredentialInput,
} from './credentials.js';
export { createSecretBox, type SecretBox, type SealedSecret, type SecretKey } from './secret-box.js';
export { loadKeyRing, parseKeyRing, GENERATED_KEY_FILE, type SecretKeySource } from './secret-keys.js';
export { splitSecrets, joinSecrets, maskSecrets } from './target-secrets.js';
