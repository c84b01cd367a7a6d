import { RosterError } from '../../errors/index.js';
import { fromNodeSamlError } from '../node-saml-errors.js';
import { attr, descendants, isElement, NS } from '../../sso/index.js';
import { need, type AcsStep } from './context.js';

// Checks on the whole message, and the signature check itself (node-saml through passport-saml).

const SHA1_SIGNATURES = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
]);
const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const SHA1_DIGESTS = new Set(['http://www.w3.org/2000/09/xmldsig#sha1']);
const SIGNATURES = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
]);
const DIGESTS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);

function assertAllowed(
  algorithm: string | undefined,
  strong: Set<string>,
  sha1: Set<string>,
  allowSha1: boolean,
  what: string,
): void {
  if (algorithm && strong.has(algorithm)) return;
  if (algorithm && sha1.has(algorithm)) {
    if (allowSha1) return;
    throw new RosterError(
      'saml_weak_algorithm',
      `${what} ${algorithm} uses SHA-1, which this connection does not allow`,
    );
  }
  throw new RosterError('saml_weak_algorithm', `${what} ${algorithm ?? '(none)'} is not an accepted algorithm`);
}

/**
 * node-saml's signatureAlgorithm option only chooses what Roster signs, and xml-crypto accepts
 * RSA-SHA1 by default; so every signature and digest method in the message is checked here.
 */
export const rejectWeakAlgorithms: AcsStep = (ctx) => {
  const doc = need(ctx.response, 'response').ownerDocument;
  const allowSha1 = need(ctx.connection, 'connection').allowSha1;
  for (const method of descendants(doc, NS.dsig, 'SignatureMethod')) {
    assertAllowed(attr(method, 'Algorithm'), SIGNATURES, SHA1_SIGNATURES, allowSha1, 'signature method');
  }
  for (const method of descendants(doc, NS.dsig, 'DigestMethod')) {
    // RSA-OAEP's own digest (XML Encryption §5.4.2, SHA-1 by default) in an EncryptedKey signs nothing.
    if (isElement(method.parentNode as Element, XMLENC, 'EncryptionMethod')) continue;
    assertAllowed(attr(method, 'Algorithm'), DIGESTS, SHA1_DIGESTS, allowSha1, 'digest method');
  }
};

/**
 * SAML bindings §3.5.5.2: the Destination must be the URL the message was delivered to. node-saml
 * does not check it. Required here: every IdP Roster supports sends it.
 */
export const checkDestination: AcsStep = (ctx) => {
  const destination = attr(need(ctx.response, 'response'), 'Destination');
  const acsUrl = need(ctx.sp, 'sp').acsUrl;
  if (destination !== acsUrl) {
    throw new RosterError(
      'saml_wrong_destination',
      `Destination ${JSON.stringify(destination ?? null)} is not this tenant's ACS URL ${acsUrl}`,
    );
  }
};

/** Signature by a configured certificate, Conditions time window and Audience (node-saml). */
export const verifySignature: AcsStep = async (ctx, deps) => {
  let profile: Awaited<ReturnType<typeof deps.verifySignature>>;
  try {
    profile = await deps.verifySignature(ctx);
  } catch (err) {
    throw fromNodeSamlError(err);
  }
  if (!profile) throw new RosterError('saml_invalid_response', 'the response carries no assertion');
  ctx.profile = profile;
};
