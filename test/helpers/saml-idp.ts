import { readFileSync } from 'node:fs';
import path from 'node:path';
import samlify from 'samlify';
import { REPO_ROOT } from './cli.js';

// A real IdP for the tests: samlify builds and signs every response with its own keys (fixture
// PEMs under test/fixtures/saml/). Tests then tamper with the signed XML where an attack needs it.

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/saml');
export type KeyName =
  | 'idp-signing'
  | 'idp-signing-rotated'
  | 'attacker-signing'
  | 'sp-signing'
  | 'sp-encryption'
  | 'other-sp-encryption';

export const keyPem = (name: KeyName) => readFileSync(path.join(FIXTURES, `${name}.key.pem`), 'utf8');
export const certPem = (name: KeyName) => readFileSync(path.join(FIXTURES, `${name}.cert.pem`), 'utf8');
export const certBody = (name: KeyName) => certPem(name).replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');

export const BINDING = {
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
} as const;
export const FORMAT = {
  email: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
} as const;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

// samlify validates every message against the SAML schema through a validator the caller sets;
// the test IdP only builds messages, so a permissive one is enough.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

export interface ResponseSpec {
  /** The SP: its ACS URL and entity id (audience). */
  acsUrl: string;
  audience: string;
  nameId: string;
  nameIdFormat?: string;
  inResponseTo?: string;
  attributes?: Record<string, string | string[]>;
  /** What samlify signs: the assertion (Entra/ADFS/Google default), the response, or both. */
  sign?: 'assertion' | 'response' | 'both';
  /** null leaves the attribute out. */
  destination?: string | null;
  recipient?: string;
  issuer?: string;
  audienceOverride?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  subjectNotOnOrAfter?: Date;
  assertionId?: string;
  responseId?: string;
  status?: string;
  authnStatement?: boolean;
  /** Raw XML placed after the assertion before signing (to build a signed response with two). */
  extraXml?: string;
  /**
   * Encrypt the assertion (after signing it, as IdPs do) for this SP certificate, with RSA-OAEP
   * key transport and this content algorithm (default AES-256-CBC); a response signature is made
   * over the encrypted form.
   */
  encrypt?: { cert: KeyName; data?: keyof typeof DATA_ENCRYPTION };
}

export const DATA_ENCRYPTION = {
  'aes128-cbc': 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'aes256-cbc': 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'aes128-gcm': 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'aes256-gcm': 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'tripledes-cbc': 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc',
} as const;

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
let counter = 0;
const uniqueId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 10)}`;

function attributeStatement(attributes: Record<string, string | string[]> = {}): string {
  const entries = Object.entries(attributes);
  if (!entries.length) return '';
  const attrs = entries.map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value])
      .map((v) => `<saml:AttributeValue xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue>`)
      .join('');
    const format = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
    return `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="${format}">${values}</saml:Attribute>`;
  });
  return `<saml:AttributeStatement>${attrs.join('')}</saml:AttributeStatement>`;
}

function authnStatement(now: Date, sessionIndex: string): string {
  const context = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
  return (
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${sessionIndex}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${context}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    '</saml:AuthnStatement>'
  );
}

export interface TestIdp {
  entityId: string;
  ssoUrl: string;
  idp: samlify.IdentityProviderInstance;
  metadataXml(): string;
  /** A signed response, base64 as the HTTP-POST binding carries it. */
  issue(spec: ResponseSpec): Promise<string>;
}

export function createTestIdp(
  options: {
    entityId?: string;
    ssoUrl?: string;
    key?: KeyName;
    sha1?: boolean;
    wantAuthnRequestsSigned?: boolean;
  } = {},
): TestIdp {
  const key = options.key ?? 'idp-signing';
  const entityId = options.entityId ?? 'https://idp.example.test/saml';
  const ssoUrl = options.ssoUrl ?? 'https://idp.example.test/sso';
  const settings = {
    entityID: entityId,
    privateKey: keyPem(key),
    signingCert: certPem(key),
    singleSignOnService: [{ Binding: BINDING.redirect, Location: ssoUrl }],
    singleLogoutService: [{ Binding: BINDING.redirect, Location: `${ssoUrl}/logout` }],
    nameIDFormat: [FORMAT.email],
    requestSignatureAlgorithm: options.sha1 ? RSA_SHA1 : RSA_SHA256,
    wantAuthnRequestsSigned: options.wantAuthnRequestsSigned ?? false,
  };
  const idp = samlify.IdentityProvider(settings);
  const encryptingIdp = (encrypt: NonNullable<ResponseSpec['encrypt']>) =>
    samlify.IdentityProvider({
      ...settings,
      isAssertionEncrypted: true,
      dataEncryptionAlgorithm: DATA_ENCRYPTION[encrypt.data ?? 'aes256-cbc'],
      keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    } as Parameters<typeof samlify.IdentityProvider>[0]);

  async function issue(spec: ResponseSpec): Promise<string> {
    const sign = spec.sign ?? 'assertion';
    const sp = samlify.ServiceProvider({
      entityID: spec.audience,
      assertionConsumerService: [{ Binding: BINDING.post, Location: spec.acsUrl }],
      wantAssertionsSigned: sign !== 'response',
      wantMessageSigned: sign !== 'assertion',
      ...(spec.encrypt ? { encryptCert: certPem(spec.encrypt.cert) } : {}),
    });
    const now = new Date();
    const later = new Date(now.getTime() + 5 * 60_000);
    const responseId = spec.responseId ?? uniqueId('_resp');
    const tags = {
      ID: responseId,
      AssertionID: spec.assertionId ?? uniqueId('_assert'),
      Destination: spec.destination === null ? undefined : (spec.destination ?? spec.acsUrl),
      Audience: spec.audienceOverride ?? spec.audience,
      SubjectRecipient: spec.recipient ?? spec.acsUrl,
      Issuer: spec.issuer ?? entityId,
      IssueInstant: now.toISOString(),
      StatusCode: spec.status ?? SUCCESS,
      ConditionsNotBefore: (spec.notBefore ?? now).toISOString(),
      ConditionsNotOnOrAfter: (spec.notOnOrAfter ?? later).toISOString(),
      SubjectConfirmationDataNotOnOrAfter: (spec.subjectNotOnOrAfter ?? spec.notOnOrAfter ?? later).toISOString(),
      NameIDFormat: spec.nameIdFormat ?? FORMAT.email,
      NameID: spec.nameId,
      InResponseTo: spec.inResponseTo,
      AuthnStatement: '__AUTHN_STATEMENT__',
      AttributeStatement: '__ATTRIBUTE_STATEMENT__',
    };
    const result = await (spec.encrypt ? encryptingIdp(spec.encrypt) : idp).createLoginResponse(
      sp,
      {} as never,
      'post',
      { email: spec.nameId },
      {
        encryptThenSign: true,
        customTagReplacement: (template: string) => {
          const filled = samlify.SamlLib.replaceTagsByValue(template, tags)
            .replace(
              '__AUTHN_STATEMENT__',
              spec.authnStatement === false ? '' : authnStatement(now, uniqueId('_session')),
            )
            .replace('__ATTRIBUTE_STATEMENT__', attributeStatement(spec.attributes))
            .replace('</saml:Assertion></samlp:Response>', `</saml:Assertion>${spec.extraXml ?? ''}</samlp:Response>`);
          return { id: responseId, context: filled };
        },
      },
    );
    return (result as { context: string }).context;
  }

  return { entityId, ssoUrl, idp, metadataXml: () => idp.getMetadata(), issue };
}

export const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
export const encode = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
