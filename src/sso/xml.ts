import { DOMParser } from '@xmldom/xmldom';
import { RosterError, type ErrorCode } from '../errors/index.js';

// The one place SAML XML is turned into a DOM. Signature checks are never done here (node-saml
// and xml-crypto do them); this module only reads structure that a later check relies on.

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/**
 * A DTD can declare entities (external ones read files or URLs; nested ones expand a few bytes
 * into gigabytes), and no SAML message or metadata needs one. Refused before any parser runs.
 */
const FORBIDDEN_MARKUP = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;

export function assertNoDoctype(xml: string, code: ErrorCode = 'saml_forbidden_xml'): void {
  if (FORBIDDEN_MARKUP.test(xml)) {
    throw new RosterError(code, 'the XML contains a DOCTYPE or entity declaration, which is not allowed');
  }
}

/** Parses XML strictly: any warning or error from the parser fails the whole document. */
export function parseXml(xml: string, code: ErrorCode = 'saml_invalid_response'): Document {
  assertNoDoctype(xml, code === 'saml_invalid_response' ? 'saml_forbidden_xml' : code);
  const fail = (message: string) => {
    throw new RosterError(code, `the XML is not well-formed: ${String(message).split('\n')[0]}`);
  };
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
      xml,
      'text/xml',
    ) as unknown as Document;
  } catch (err) {
    if (err instanceof RosterError) throw err;
    throw new RosterError(code, 'the XML is not well-formed', { cause: err });
  }
  if (!doc?.documentElement) throw new RosterError(code, 'the XML has no root element');
  return doc;
}

/** Direct children of `parent` with this namespace and local name (never descendants). */
export function children(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (node.nodeType === 1 && el.namespaceURI === ns && el.localName === localName) found.push(el);
  }
  return found;
}

export function child(parent: Element, ns: string, localName: string): Element | undefined {
  return children(parent, ns, localName)[0];
}

/** Every descendant element with this namespace and local name. */
export function descendants(root: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName) as ArrayLike<Element>);
}

/** An attribute's value, or undefined when it is absent (xmldom returns '' for absent ones). */
export function attr(el: Element | undefined, name: string): string | undefined {
  return el?.hasAttribute(name) ? el.getAttribute(name)! : undefined;
}

/** Text content with surrounding whitespace removed; comments do not contribute text. */
export function text(el: Element | undefined): string | undefined {
  const value = el?.textContent?.trim();
  return value ? value : undefined;
}

export function isElement(el: Element | null | undefined, ns: string, localName: string): el is Element {
  return !!el && el.namespaceURI === ns && el.localName === localName;
}
