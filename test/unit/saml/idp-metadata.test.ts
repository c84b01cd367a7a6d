import { describe, expect, it } from 'vitest';
import { parseIdpMetadata } from '../../../src/sso/idp-metadata.js';
import { certBody, createTestIdp } from '../../helpers/saml-idp.js';

const samlifyMetadata = () => createTestIdp().metadataXml();

describe('parseIdpMetadata', () => {
  it("reads entityID, the HTTP-Redirect SSO endpoint and the signing certificate from samlify's metadata", () => {
    expect(parseIdpMetadata(samlifyMetadata())).toEqual({
      idpEntityId: 'https://idp.example.test/saml',
      ssoUrl: 'https://idp.example.test/sso',
      ssoBinding: 'redirect',
      signingCerts: [certBody('idp-signing')],
    });
  });

  it('keeps every signing certificate and skips encryption keys', () => {
    const key = (use: string, name: 'idp-signing-rotated' | 'attacker-signing') =>
      `<KeyDescriptor${use}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
      `<ds:X509Certificate>${certBody(name)}</ds:X509Certificate>` +
      '</ds:X509Data></ds:KeyInfo></KeyDescriptor>';
    const xml = samlifyMetadata().replace(
      '</KeyDescriptor>',
      `</KeyDescriptor>${key('', 'idp-signing-rotated')}${key(' use="encryption"', 'attacker-signing')}`,
    );
    expect(parseIdpMetadata(xml).signingCerts).toEqual([certBody('idp-signing'), certBody('idp-signing-rotated')]);
  });

  it('falls back to HTTP-POST and reads one IdP out of an EntitiesDescriptor', () => {
    const one = samlifyMetadata().replace(
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
    );
    const wrapped = `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${one}</EntitiesDescriptor>`;
    expect(parseIdpMetadata(wrapped)).toMatchObject({ ssoBinding: 'post', ssoUrl: 'https://idp.example.test/sso' });
  });

  it.each([
    ['a DOCTYPE', (x: string) => `<!DOCTYPE x [<!ENTITY e "e">]>${x}`, /DOCTYPE/],
    [
      'no signing certificate',
      (x: string) => x.replace(/<KeyDescriptor[\s\S]*<\/KeyDescriptor>/, ''),
      /no signing certificate/,
    ],
    [
      'a plain-http SSO URL',
      (x: string) => x.replace('https://idp.example.test/sso', 'http://idp.example.test/sso'),
      /https/,
    ],
    [
      'no IDPSSODescriptor',
      (x: string) => x.replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
      /exactly one identity provider/,
    ],
    ['broken XML', (x: string) => x.slice(0, 200), /well-formed/],
    [
      'a broken certificate',
      (x: string) => x.replace(/<ds:X509Certificate>MII/, '<ds:X509Certificate>xyz'),
      /certificate/,
    ],
  ])('refuses metadata with %s', (_what, change, message) => {
    expect(() => parseIdpMetadata(change(samlifyMetadata()))).toThrow(message);
  });
});
