// Single sign-on as a domain: each tenant's IdP connection and the just-in-time login that a
// verified SAML assertion turns into (the SAML protocol itself is the edge in src/saml/).
export { samlLogin, recordLoginFailure, type SamlLoginResult, type LoginFailure } from './saml-login.js';
export {
  TRANSIENT_NAMEID,
  type SamlLoginClaims,
  type SamlGroupClaim,
  type SamlLoginContext,
  type MatchedBy,
} from './saml-login-types.js';
export * from './connection-types.js';
export * from './connection-validation.js';
export * from './idp-connections.js';
export * from './idp-metadata.js';
export * from './certificates.js';
export * from './attribute-profiles.js';
export * from './return-to.js';
export * from './xml.js';
