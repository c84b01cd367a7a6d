import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateServiceProviderMetadata, ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import type { Config } from '../../config/index.js';
import { RosterError } from '../errors/index.js';
import { toPem } from '../sso/index.js';
import type { IdpConnectionDoc } from '../sso/index.js';

// Roster as a SAML service provider: its per-tenant endpoints, its optional signing key pair, and
// the node-saml options for one tenant's connection.

export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
  loginUrl: string;
}

export interface KeyPair {
  privateKey: string;
  certificate: string;
}

/** Roster's SP keys: one pair signs AuthnRequests, one decrypts assertions (the same pair when only one is set). */
export interface SpCredentials {
  signing?: KeyPair;
  encryption?: KeyPair;
}

/** The NameID formats Roster accepts (SAML core §8.3); transient ones are never stored. */
export const NAMEID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
] as const;

export function spEndpoints(publicUrl: string, tenantId: string): SpEndpoints {
  const base = `${publicUrl}/saml/${encodeURIComponent(tenantId)}`;
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, loginUrl: `${base}/login` };
}

/** A key pair from two PEM files; a key that does not match its certificate stops the start. */
function readKeyPair(keyFile: string | undefined, certFile: string | undefined, names: string): KeyPair | undefined {
  if (!keyFile && !certFile) return undefined;
  if (!keyFile || !certFile) throw new RosterError('config_invalid', `set both ${names}, or neither`);
  try {
    const privateKey = readFileSync(keyFile, 'utf8');
    const certificate = readFileSync(certFile, 'utf8');
    const probe = Buffer.from('roster-sp-key-check');
    const signature = sign('sha256', probe, createPrivateKey(privateKey));
    const publicKey = createPublicKey(
      new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'pem' }),
    );
    if (!verify('sha256', probe, publicKey, signature)) throw new Error('the key does not match the certificate');
    return { privateKey, certificate };
  } catch (err) {
    throw new RosterError(
      'config_invalid',
      `the SAML SP key pair (${names}) cannot be used: ${(err as Error).message}`,
      {
        cause: err,
        expose: false,
      },
    );
  }
}

/**
 * Reads the SP key pairs once at start. The encryption pair defaults to the signing pair: ADFS
 * encrypts as soon as the SP metadata publishes an encryption certificate, so a deployment with
 * one key pair decrypts with it.
 */
export function loadSpCredentials(saml: Config['saml']): SpCredentials | undefined {
  const signing = readKeyPair(saml.spKeyFile, saml.spCertFile, 'ROSTER_SAML_SP_KEY_FILE and ROSTER_SAML_SP_CERT_FILE');
  const encryption =
    readKeyPair(
      saml.spEncryptionKeyFile,
      saml.spEncryptionCertFile,
      'ROSTER_SAML_SP_ENCRYPTION_KEY_FILE and ROSTER_SAML_SP_ENCRYPTION_CERT_FILE',
    ) ?? signing;
  return signing || encryption ? { signing, encryption } : undefined;
}

export interface SamlOptionsInput {
  connection: IdpConnectionDoc;
  sp: SpEndpoints;
  credentials?: SpCredentials;
  clockSkewSeconds: number;
  /** The ID the next AuthnRequest gets, chosen and stored by Roster before node-saml builds it. */
  requestId?: string;
  /** Sent with the AuthnRequest in both bindings; overrides any RelayState in the request URL. */
  relayState?: string;
}

/** node-saml's options for one tenant. Every check node-saml does not do is in src/saml/acs/. */
export function samlOptions(input: SamlOptionsInput): SamlConfig {
  const { connection, sp, credentials } = input;
  return {
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: connection.ssoUrl,
    authnRequestBinding: connection.ssoBinding === 'post' ? 'HTTP-POST' : 'HTTP-Redirect',
    // The tenant in the URL alone picks the trusted certificates; xml-crypto is given these and
    // ignores any KeyInfo in the message (its getCertFromKeyInfo defaults to a no-op).
    idpCert: connection.signingCerts.map(toPem),
    idpIssuer: connection.idpEntityId,
    // Either the assertion is signed, or a signed Response wraps exactly one assertion: node-saml
    // then reads the assertion only from the signed bytes and refuses more than one.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: input.clockSkewSeconds * 1000,
    // InResponseTo is checked against Redis in src/saml/acs/, shared by every API process.
    validateInResponseTo: ValidateInResponseTo.never,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    ...(credentials?.signing
      ? { privateKey: credentials.signing.privateKey, publicCert: credentials.signing.certificate }
      : {}),
    // node-saml decrypts an EncryptedAssertion itself when a signed Response wraps it, from the
    // signed bytes (src/saml/acs/decrypt-steps.ts handles the other case).
    ...(credentials?.encryption ? { decryptionPvk: credentials.encryption.privateKey } : {}),
    ...(input.requestId ? { generateUniqueId: () => input.requestId! } : {}),
    ...(input.relayState ? { additionalAuthorizeParams: { RelayState: input.relayState } } : {}),
  };
}

export function spMetadataXml(sp: SpEndpoints, credentials?: SpCredentials): string {
  const { signing, encryption } = credentials ?? {};
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    // xmlbuilder writes a list as repeated <NameIDFormat> elements (SAML metadata §2.4.4).
    identifierFormat: NAMEID_FORMATS as unknown as string,
    wantAssertionsSigned: true,
    ...(signing
      ? { privateKey: signing.privateKey, publicCerts: signing.certificate, signatureAlgorithm: 'sha256' as const }
      : {}),
    // KeyDescriptor use="encryption" with the content algorithms Roster decrypts (SAML metadata §2.4.1.1).
    ...(encryption ? { decryptionPvk: encryption.privateKey, decryptionCert: encryption.certificate } : {}),
  });
}
