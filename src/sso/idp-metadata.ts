import { RosterError } from '../errors/index.js';
import { normalizeCertificate } from './certificates.js';
import type { IdpConnectionSettings, SsoBinding } from './connection-types.js';
import { assertSsoUrl } from './connection-validation.js';
import { attr, child, children, descendants, NS, parseXml, text } from './xml.js';

// Reads an IdP's metadata (SAML metadata §2.4.3 IDPSSODescriptor) into connection settings:
// entityID, the SSO endpoint and every signing certificate it publishes.

const MAX_METADATA_BYTES = 1024 * 1024;
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const BINDINGS: Record<string, SsoBinding> = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'redirect',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'post',
};

function invalid(message: string): RosterError {
  return new RosterError('saml_metadata_invalid', message);
}

/** The one EntityDescriptor that describes an IdP (an EntitiesDescriptor may wrap several). */
function idpEntity(doc: Document): { entity: Element; idp: Element } {
  const found = descendants(doc, NS.metadata, 'EntityDescriptor')
    .map((entity) => ({ entity, idp: child(entity, NS.metadata, 'IDPSSODescriptor') }))
    .filter((e): e is { entity: Element; idp: Element } => !!e.idp);
  if (found.length !== 1) throw invalid(`metadata must describe exactly one identity provider, found ${found.length}`);
  const protocols = (attr(found[0].idp, 'protocolSupportEnumeration') ?? '').split(/\s+/);
  if (!protocols.includes(PROTOCOL)) throw invalid('the identity provider does not support SAML 2.0');
  return found[0];
}

/** HTTP-Redirect is preferred (no page of our own to render and post); HTTP-POST otherwise. */
function ssoService(idp: Element): { ssoUrl: string; ssoBinding: SsoBinding } {
  const services = children(idp, NS.metadata, 'SingleSignOnService')
    .map((s) => ({ binding: BINDINGS[attr(s, 'Binding') ?? ''], location: attr(s, 'Location') }))
    .filter((s) => s.binding && s.location);
  const chosen = services.find((s) => s.binding === 'redirect') ?? services.find((s) => s.binding === 'post');
  if (!chosen) throw invalid('the identity provider names no HTTP-Redirect or HTTP-POST SingleSignOnService');
  return { ssoUrl: assertSsoUrl(chosen.location!), ssoBinding: chosen.binding };
}

/** KeyDescriptors with use="signing" or no use at all (SAML metadata §2.4.1.1). */
function signingCerts(idp: Element): string[] {
  const keys = children(idp, NS.metadata, 'KeyDescriptor').filter((k) => (attr(k, 'use') ?? 'signing') === 'signing');
  const bodies = keys.flatMap((k) => descendants(k, NS.dsig, 'X509Certificate')).map((c) => text(c) ?? '');
  if (bodies.length === 0) throw invalid('the identity provider publishes no signing certificate');
  return [...new Set(bodies.map((b) => normalizeCertificate(b, 'saml_metadata_invalid')))];
}

export function parseIdpMetadata(
  xml: string,
): Required<Pick<IdpConnectionSettings, 'idpEntityId' | 'ssoUrl' | 'ssoBinding' | 'signingCerts'>> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES) throw invalid('metadata is larger than 1 MB');
  const doc = parseXml(xml, 'saml_metadata_invalid');
  const { entity, idp } = idpEntity(doc);
  const idpEntityId = attr(entity, 'entityID');
  if (!idpEntityId) throw invalid('the EntityDescriptor has no entityID');
  return { idpEntityId, ...ssoService(idp), signingCerts: signingCerts(idp) };
}
