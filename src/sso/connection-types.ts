import type { BaseDoc } from '../store/index.js';
import type { AttributeMapping, AttributeProfileName } from './attribute-profiles.js';

export type SsoBinding = 'redirect' | 'post';

/**
 * A tenant's SAML identity provider. One per tenant: every SAML URL names the tenant
 * (/saml/{tenant}/acs), and the tenant alone chooses which certificates are trusted.
 */
export interface IdpConnectionDoc extends BaseDoc, IdpConnectionFields {
  /** The tenant slug: one connection per tenant. */
  _id: string;
}

/** The connection's own fields (without the store's index signature, so types can be derived). */
export interface IdpConnectionFields {
  tenantId: string;
  /** The IdP's entityID; the assertion's Issuer must equal it (SAML profiles §4.1.4.2). */
  idpEntityId: string;
  ssoUrl: string;
  ssoBinding: SsoBinding;
  /** Base64 DER of every trusted signing certificate; more than one so a rotation locks nobody out. */
  signingCerts: string[];
  profile: AttributeProfileName;
  attributeMapping: AttributeMapping;
  /** Unsolicited responses (no AuthnRequest of ours behind them); off unless the tenant opts in. */
  allowIdpInitiated: boolean;
  /** SHA-1 signatures and digests are refused unless this is set. */
  allowSha1: boolean;
  /** Where a user lands when the login names no returnTo: a local path or an allow-listed URL. */
  defaultReturnTo: string;
  /** Origins (https://app.example.com) a returnTo may point at besides Roster itself. */
  returnToAllowList: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What an admin may set; on create, idpEntityId, ssoUrl and signingCerts are required. */
export interface IdpConnectionSettings {
  idpEntityId?: string;
  ssoUrl?: string;
  ssoBinding?: SsoBinding;
  signingCerts?: string[];
  profile?: AttributeProfileName;
  attributeMapping?: AttributeMapping;
  allowIdpInitiated?: boolean;
  allowSha1?: boolean;
  defaultReturnTo?: string;
  returnToAllowList?: string[];
}

export const CONNECTION_DEFAULTS = Object.freeze({
  ssoBinding: 'redirect' as SsoBinding,
  profile: 'custom' as AttributeProfileName,
  allowIdpInitiated: false,
  allowSha1: false,
  defaultReturnTo: '/',
});
