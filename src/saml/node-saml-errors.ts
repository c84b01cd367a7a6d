import { SamlStatusError } from '@node-saml/node-saml';
import { RosterError, type ErrorCode } from '../errors/index.js';

// node-saml and xml-crypto throw plain Errors whose messages are their internals. They are turned
// into a RosterError with a stable code here, once; the message is kept for the audit record
// (never for the user's page), and the original is kept as the cause for the logs.

const RULES: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/not yet valid/i, 'saml_not_yet_valid'],
  [/expired|too old/i, 'saml_expired'],
  [/audience/i, 'saml_wrong_audience'],
  [/signature|signed|reference|digest|transform|keyinfo|publicCert/i, 'saml_signature_invalid'],
  [/decrypt|EncryptedAssertion/i, 'saml_invalid_response'],
];

export function fromNodeSamlError(err: unknown): RosterError {
  if (err instanceof RosterError) return err;
  if (err instanceof SamlStatusError) {
    return new RosterError('saml_idp_error', 'the identity provider answered with an error status', {
      cause: err,
      details: { internal: err.message },
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = RULES.find(([pattern]) => pattern.test(message))?.[1] ?? 'saml_invalid_response';
  return new RosterError(code, 'the SAML response failed validation', {
    cause: err,
    details: { internal: message.slice(0, 300) },
  });
}
