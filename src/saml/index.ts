export { createSamlRouter } from './saml-routes.js';
export { createSamlAdminRouter, SAML_PERMISSIONS } from './admin-routes.js';
export {
  findConnection,
  getConnection,
  saveConnection,
  importConnectionMetadata,
  deleteConnection,
  viewConnection,
  type ConnectionView,
} from './connections.js';
export { validateSettings } from './connection-validation.js';
export { parseIdpMetadata } from './idp-metadata.js';
export { parseCertificates } from './certificates.js';
export { ATTRIBUTE_PROFILES, ATTRIBUTE_PROFILE_NAMES, CLAIM_URIS, type AttributeProfileName, type AttributeMapping } from './attribute-profiles.js';
export type { IdpConnectionDoc, IdpConnectionSettings } from './connection-types.js';
export { spEndpoints, spMetadataXml, loadSpCredentials, NAMEID_FORMATS } from './service-provider.js';
export { safeReturnTo } from './return-to.js';
export { ACS_STEPS, runAcs } from './acs/pipeline.js';
