// What the SAML edge hands the directory after an assertion passed every check: who the user is
// and which groups the IdP says they are in. No SAML or HTTP types cross this line.

/** Transient NameIDs change on every login (SAML core §8.3.8): never stored, never matched. */
export const TRANSIENT_NAMEID = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export type SamlGroupClaim =
  /** Group display names (Okta, Google, ADFS, OneLogin) or the IdP's group ids (Entra ID object ids). */
  | { kind: 'names' | 'ids'; values: string[] }
  /** The IdP had too many groups to send (Entra ID's groups.link claim): memberships stay as they are. */
  | { kind: 'overage' };

export interface SamlLoginClaims {
  nameId: string;
  nameIdFormat?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  groups: SamlGroupClaim;
  /** Extra attributes the tenant mapped (Roster key → value), kept under user.samlAttributes. */
  attributes: Record<string, string | string[]>;
}

export interface SamlLoginContext {
  requestId?: string;
  sourceIp?: string;
  /** Facts about the assertion for the audit record (issuer, assertion id, session index …). */
  details?: Record<string, unknown>;
}

export type MatchedBy = 'nameId' | 'userName' | 'email' | 'created';
