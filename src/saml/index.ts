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
} from '../sso/index.js';
export { validateSettings } from '../sso/index.js';
export { parseIdpMetadata } from '../sso/index.js';
export { parseCertificates } from '../sso/index.js';
export {
  ATTRIBUTE_PROFILES,
  ATTRIBUTE_PROFILE_NAMES,
  CLAIM_URIS,
  type AttributeProfileName,
  type AttributeMapping,
} from '../sso/index.js';
export type { IdpConnectionDoc, IdpConnectionSettings } from '../sso/index.js';
export { spEndpoints, spMetadataXml, loadSpCredentials, NAMEID_FORMATS } from './service-provider.js';
export { safeReturnTo } from '../sso/index.js';
export { ACS_STEPS, runAcs } from './acs/pipeline.js';
