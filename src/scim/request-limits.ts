// What one SCIM request may ask for (README, "Limits"). Each cap keeps one request's work small
// enough that it cannot hold the event loop for the other tenants, and each sits well above what
// Okta, Microsoft Entra ID and Google Workspace send (a few operations per PATCH, a few values per
// attribute, member changes in pages of at most 1,000).

export const SCIM_REQUEST_LIMITS = Object.freeze({
  /** Operations in one PATCH (RFC 7644 §3.5.2). */
  patchOperations: 1000,
  /** Values of one multi-valued attribute of a resource (emails, phoneNumbers, roles …), members apart. */
  valuesPerAttribute: 100,
  /** Member ids one request may name (POST/PUT members, or all PATCH member operations together). */
  membersPerRequest: 10_000,
  /** Characters of a `filter` (query parameter or /.search body). */
  filterLength: 8192,
  /** Characters of a string attribute value (userName, displayName, emails.value …). */
  stringLength: 2048,
  /** Characters of a binary attribute value (x509Certificates.value, base64 DER). */
  binaryLength: 16_384,
});

const formatted = (n: number) => n.toLocaleString('en-US');

/** "a PATCH may carry at most 1,000 operations; this request has 10,000 (…)" */
export function overCap(what: string, cap: number, got: number, unit: string): string {
  return `${what} at most ${formatted(cap)} ${unit}; this request has ${formatted(got)} (see "Limits" in the README)`;
}
