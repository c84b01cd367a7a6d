import { describe, expect, it } from 'vitest';
import { SamlStatusError } from '@node-saml/node-saml';
import { RosterError } from '../../../src/errors/index.js';
import { renderErrorPage } from '../../../src/saml/error-page.js';
import { failureMessage } from '../../../src/saml/failure-messages.js';
import { fromNodeSamlError } from '../../../src/saml/node-saml-errors.js';

describe('fromNodeSamlError', () => {
  it.each([
    ['Invalid signature', 'saml_signature_invalid'],
    ['Invalid document signature', 'saml_signature_invalid'],
    ['Invalid signature: multiple assertions', 'saml_signature_invalid'],
    ['SAML assertion expired: clocks skewed too much', 'saml_expired'],
    ['SAML assertion not yet valid', 'saml_not_yet_valid'],
    ['SAML assertion audience mismatch. Expected: a Received: b', 'saml_wrong_audience'],
    ['Missing SAML assertion', 'saml_invalid_response'],
    ['No decryption key for encrypted SAML response', 'saml_invalid_response'],
  ])('maps node-saml\'s "%s" to %s, keeping the text for the audit only', (message, code) => {
    const error = fromNodeSamlError(new Error(message));
    expect(error.code).toBe(code);
    expect(error.message).toBe('the SAML response failed validation');
    expect(error.details.internal).toBe(message);
  });

  it('maps an IdP status error and leaves RosterErrors alone', () => {
    expect(fromNodeSamlError(new SamlStatusError('SAML provider returned Responder error: x', '<Status/>')).code).toBe(
      'saml_idp_error',
    );
    const own = new RosterError('saml_replay', 'x');
    expect(fromNodeSamlError(own)).toBe(own);
  });
});

describe('the error page', () => {
  it('escapes what it shows and quotes the request id', () => {
    const html = renderErrorPage({ title: '<b>t</b>', message: '"m" & \'n\'' }, 'req-<1>');
    expect(html).toContain('&lt;b&gt;t&lt;/b&gt;');
    expect(html).toContain('&quot;m&quot; &amp; &#39;n&#39;');
    expect(html).toContain('<code id="support-reference">req-&lt;1&gt;</code>');
  });

  it('says nothing specific for a server-side failure', () => {
    expect(failureMessage('internal', 500).title).toBe('Something went wrong on our side');
    expect(failureMessage('saml_replay', 400).title).toBe('This sign-in was already used');
    expect(failureMessage('saml_signature_invalid', 400).title).toBe('We could not verify your sign-in');
  });
});
