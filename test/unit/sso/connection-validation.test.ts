import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../helpers/errors.js';
import {
  assertCerts,
  assertDefaultReturnTo,
  assertMapping,
  assertSsoUrl,
  ATTRIBUTE_PROFILES,
  describeCertificate,
  effectiveProfile,
  normalizeCertificate,
  parseCertificates,
  toPem,
  validateSettings,
} from '../../../src/sso/index.js';
import { certBody, certPem } from '../../helpers/saml-idp.js';

describe('assertSsoUrl', () => {
  it.each([
    ['https://idp.example/sso', 'https://idp.example/sso'],
    ['HTTPS://IDP.example/sso?x=1', 'https://idp.example/sso?x=1'],
    ['http://localhost:8080/sso', 'http://localhost:8080/sso'],
    ['http://127.0.0.1/sso', 'http://127.0.0.1/sso'],
    ['http://[::1]:9000/sso', 'http://[::1]:9000/sso'],
  ])('accepts %s as %s', (input, href) => {
    expect(assertSsoUrl(input)).toBe(href);
  });

  it.each(['http://idp.example/sso', 'http://127.0.0.2/sso', 'ftp://idp.example/sso', 'javascript:alert(1)'])(
    'refuses %s as not https',
    (input) => {
      expect(refusalOf(() => assertSsoUrl(input)).message).toBe('ssoUrl must use https');
    },
  );

  it.each(['/sso', 'idp.example/sso', ''])('refuses %j as not absolute', (input) => {
    expect(refusalOf(() => assertSsoUrl(input)).message).toBe('ssoUrl must be an absolute URL');
  });
});

describe('signing certificates', () => {
  const body = certBody('idp-signing');

  it('reads PEM, bare base64 and base64 broken over lines as the same body', () => {
    expect(normalizeCertificate(certPem('idp-signing'))).toBe(body);
    expect(normalizeCertificate(body)).toBe(body);
    expect(normalizeCertificate(body.replace(/(.{64})/g, '$1\n  '))).toBe(body);
    expect(normalizeCertificate(toPem(body))).toBe(body);
  });

  it('reads every certificate of a PEM file, in order', () => {
    const file = `${certPem('idp-signing')}\n${certPem('idp-signing-rotated')}`;
    expect(parseCertificates(file)).toEqual([body, certBody('idp-signing-rotated')]);
  });

  it('tells text that is not base64 from base64 that is not a certificate, in the code asked for', () => {
    expect(refusalOf(() => normalizeCertificate('not a cert!')).message).toBe(
      'a signing certificate is not base64 or PEM',
    );
    const notX509 = refusalOf(() =>
      normalizeCertificate(Buffer.from('hello').toString('base64'), 'saml_metadata_invalid'),
    );
    expect([notX509.code, notX509.message]).toEqual([
      'saml_metadata_invalid',
      'a signing certificate could not be read as X.509',
    ]);
  });

  it('accepts 1 to 5 certificates, de-duplicated', () => {
    expect(assertCerts([certPem('idp-signing'), body])).toEqual([body]);
    for (const value of [[], Array(6).fill(body), 'one', null])
      expect(refusalOf(() => assertCerts(value)).message).toBe('signingCerts must list 1 to 5 certificates');
  });

  it('describes a certificate as its SHA-256 fingerprint, subject and expiry', () => {
    const cert = new X509Certificate(Buffer.from(body, 'base64'));
    const summary = describeCertificate(body);
    expect(summary.fingerprintSha256).toBe(cert.fingerprint256);
    expect(summary.notAfter).toBe(new Date(cert.validTo).toISOString());
    expect(summary.subject).not.toContain('\n');
  });

  it('writes PEM in 64-character lines', () => {
    const lines = toPem(body).trim().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 64)).toBe(true);
  });
});

describe('attribute mapping and profiles', () => {
  it('keeps the mapped fields, trimmed, and drops what it does not know', () => {
    expect(assertMapping({ email: ' mail ', groupsAre: 'ids', extra: { dept: 'department' }, other: 'x' })).toEqual({
      email: 'mail',
      groupsAre: 'ids',
      extra: { dept: 'department' },
    });
  });

  it.each([
    [[], 'attributeMapping must be an object'],
    [{ email: '' }, 'attributeMapping.email must be a non-empty string of at most 512 characters'],
    [{ groups: 'x'.repeat(513) }, 'attributeMapping.groups must be a non-empty string of at most 512 characters'],
    [{ groupsAre: 'guids' }, 'attributeMapping.groupsAre must be names or ids'],
    [{ extra: ['a'] }, 'attributeMapping.extra must be an object'],
    [
      { extra: { '1dept': 'd' } },
      'attributeMapping.extra key "1dept" must be a letter followed by letters, digits or _',
    ],
    [{ extra: { dept: 7 } }, 'attributeMapping.extra.dept must be a non-empty string of at most 512 characters'],
  ])('refuses %j: %s', (mapping, message) => {
    expect(refusalOf(() => assertMapping(mapping)).message).toBe(message);
  });

  it("puts the tenant's own attribute name first, once, and keeps the profile's others", () => {
    const okta = ATTRIBUTE_PROFILES.okta;
    const own = effectiveProfile('okta', { email: okta.email.at(-1), groupsAre: 'ids' });
    expect(own.email[0]).toBe(okta.email.at(-1));
    expect([...own.email].sort()).toEqual([...okta.email].sort());
    expect(own.groupsAre).toBe('ids');
    expect(effectiveProfile('okta', { firstName: 'fn' }).firstName).toEqual(['fn', ...okta.firstName]);
    expect(effectiveProfile('okta')).toMatchObject({ email: okta.email, groupsAre: okta.groupsAre });
  });
});

describe('validateSettings', () => {
  it('normalizes the fields present and leaves the absent ones absent', () => {
    expect(
      validateSettings({
        idpEntityId: '  http://www.okta.com/exk1 ',
        ssoBinding: 'post',
        signingCerts: [certPem('idp-signing')],
        allowSha1: false,
        returnToAllowList: ['https://App.Example.com', 'https://app.example.com'],
      }),
    ).toEqual({
      idpEntityId: 'http://www.okta.com/exk1',
      ssoBinding: 'post',
      signingCerts: [certBody('idp-signing')],
      allowSha1: false,
      returnToAllowList: ['https://app.example.com'],
    });
    expect(validateSettings({})).toEqual({});
  });

  it.each([
    [{ idpEntityId: '  ' }, 'idpEntityId must be a non-empty string of at most 1024 characters'],
    [{ ssoBinding: 'artifact' }, 'ssoBinding must be redirect or post'],
    [{ allowIdpInitiated: 'yes' }, 'allowIdpInitiated must be true or false'],
    [{ returnToAllowList: 'https://a.example' }, 'returnToAllowList must be a list of at most 50 origins'],
    [{ returnToAllowList: [7] }, 'returnToAllowList entry 7 must be an origin such as https://app.example.com'],
    [
      { ssoUrl: `https://idp.example/${'x'.repeat(2048)}` },
      'ssoUrl must be a non-empty string of at most 2048 characters',
    ],
    [{ surprise: 1, other: 2 }, 'unknown field(s): surprise, other'],
  ])('refuses %j: %s', (input, message) => {
    const error = refusalOf(() => validateSettings(input));
    expect([error.code, error.message]).toEqual(['invalid_input', message]);
  });

  it('lets the default returnTo be a local path or a URL on the allow-list only', () => {
    expect(assertDefaultReturnTo('/app', [])).toBe('/app');
    expect(assertDefaultReturnTo('https://app.example.com/home', ['https://app.example.com'])).toBe(
      'https://app.example.com/home',
    );
    for (const value of ['https://evil.example/home', '//evil.example'])
      expect(refusalOf(() => assertDefaultReturnTo(value, ['https://app.example.com'])).message).toBe(
        'defaultReturnTo must be a local path (/app) or a URL on returnToAllowList',
      );
  });
});
