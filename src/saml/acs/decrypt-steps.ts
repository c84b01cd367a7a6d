import { XMLSerializer } from '@xmldom/xmldom';
import xmlenc from 'xml-encryption';
import { RosterError } from '../../errors/index.js';
import { attr, children, descendants, isElement, NS, parseXml } from '../../sso/index.js';
import { need, type AcsContext, type AcsStep } from './context.js';
import { rejectWeakAlgorithms } from './message-steps.js';

// An <EncryptedAssertion> (SAML core §2.3.4) is decrypted once, here, before any other check.
// Encryption is no authentication (anyone may encrypt for Roster's public certificate), so the
// signature rules stay exactly those of a plain assertion:
// - the Response is unsigned: the decrypted Assertion takes the EncryptedAssertion's place, and
//   every later step — and node-saml's signature check — reads it as if it had come in clear, so
//   the assertion must carry its own signature by a tenant certificate;
// - the Response carries a signature: it covers the ciphertext, so the document stays as sent;
//   node-saml verifies that signature and decrypts again from the bytes it verified
//   (decryptionPvk, src/saml/service-provider.ts). The algorithms inside are still checked here.

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
/** Content encryption Roster accepts; 3DES is refused (NIST SP 800-131A deprecates it). */
const DATA_ALGORITHMS = new Set([
  `${XMLENC}aes128-cbc`,
  `${XMLENC}aes256-cbc`,
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
]);
/** Key transport: RSA-OAEP only; RSA PKCS#1 v1.5 is open to Bleichenbacher's attack (XML Enc 1.1 §5.5.1). */
const KEY_TRANSPORT = new Set([`${XMLENC}rsa-oaep-mgf1p`]);

const invalid = (message: string) => new RosterError('saml_invalid_response', message);

function decrypt(xml: string, key: string): Promise<string> {
  return new Promise((resolve, reject) =>
    xmlenc.decrypt(xml, { key, disallowDecryptionWithInsecureAlgorithm: true }, (err, out) =>
      err || typeof out !== 'string' ? reject(err ?? new Error('nothing decrypted')) : resolve(out),
    ),
  );
}

function checkAlgorithms(encrypted: Element): void {
  const methods = descendants(encrypted, XMLENC, 'EncryptionMethod').map((m) => attr(m, 'Algorithm') ?? '(none)');
  const data = methods.filter((a) => !KEY_TRANSPORT.has(a));
  const unknown = data.filter((a) => !DATA_ALGORITHMS.has(a));
  if (unknown.length || data.length !== 1 || methods.length > 2)
    throw new RosterError('saml_weak_algorithm', `assertion encryption ${methods.join(', ')} is not accepted`);
}

async function decryptedAssertion(encrypted: Element, key: string): Promise<Element> {
  let xml: string;
  try {
    xml = await decrypt(new XMLSerializer().serializeToString(encrypted), key);
  } catch (err) {
    throw new RosterError(
      'saml_decryption_failed',
      "the assertion could not be decrypted with Roster's encryption key (encrypted for another certificate?)",
      { cause: err, details: { internal: String((err as Error)?.message ?? err).slice(0, 300) } },
    );
  }
  const assertion = parseXml(xml).documentElement;
  if (!isElement(assertion, NS.assertion, 'Assertion')) throw invalid('the EncryptedAssertion holds no Assertion');
  return assertion;
}

/** SAML core §2.3.4 inside a Response: at most one assertion, in clear or encrypted. */
export const decryptAssertion: AcsStep = async (ctx, deps) => {
  const response = need(ctx.response, 'response');
  const encrypted = children(response, NS.assertion, 'EncryptedAssertion');
  if (encrypted.length === 0) return;
  if (encrypted.length + children(response, NS.assertion, 'Assertion').length > 1)
    throw invalid('the response carries more than one assertion');
  if (!deps.decryptionKey)
    throw new RosterError(
      'saml_decryption_failed',
      'the assertion is encrypted, but Roster has no SP encryption key (ROSTER_SAML_SP_ENCRYPTION_KEY_FILE)',
    );
  checkAlgorithms(encrypted[0]);
  const assertion = await decryptedAssertion(encrypted[0], deps.decryptionKey);
  if (children(response, NS.dsig, 'Signature').length > 0) {
    rejectWeakAlgorithms({ ...ctx, response: assertion } as AcsContext, deps);
    return;
  }
  const doc = response.ownerDocument;
  response.replaceChild(doc.importNode(assertion, true), encrypted[0]);
  ctx.xml = new XMLSerializer().serializeToString(doc);
};
