import { X509Certificate } from 'node:crypto';
import { RosterError, type ErrorCode } from '../errors/index.js';

// IdP signing certificates are kept as the bare base64 of their DER, the form both metadata
// (<ds:X509Certificate>) and node-saml's idpCert accept, so nothing is converted twice.

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface CertificateSummary {
  fingerprintSha256: string;
  subject: string;
  notAfter: string;
}

/** Every certificate in a PEM file (or one bare base64 body), each validated and normalized. */
export function parseCertificates(input: string, code: ErrorCode = 'invalid_input'): string[] {
  const blocks = [...input.matchAll(PEM_BLOCK)].map((m) => m[1]);
  const bodies = blocks.length ? blocks : [input];
  return bodies.map((body) => normalizeCertificate(body, code));
}

/** Strips whitespace and PEM armour; throws unless the result is an X.509 certificate. */
export function normalizeCertificate(input: string, code: ErrorCode = 'invalid_input'): string {
  const body = input.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!BASE64.test(body)) throw new RosterError(code, 'a signing certificate is not base64 or PEM');
  try {
    new X509Certificate(Buffer.from(body, 'base64'));
  } catch (err) {
    throw new RosterError(code, 'a signing certificate could not be read as X.509', { cause: err });
  }
  return body;
}

export function toPem(body: string): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function describeCertificate(body: string): CertificateSummary {
  const cert = new X509Certificate(Buffer.from(body, 'base64'));
  return {
    fingerprintSha256: cert.fingerprint256,
    subject: cert.subject.replace(/\n/g, ', '),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}
