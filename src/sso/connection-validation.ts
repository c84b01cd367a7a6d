import { RosterError } from '../errors/index.js';
import { ATTRIBUTE_PROFILE_NAMES, type AttributeMapping, type AttributeProfileName } from './attribute-profiles.js';
import { normalizeCertificate } from './certificates.js';
import type { IdpConnectionSettings, SsoBinding } from './connection-types.js';
import { normalizeAllowedOrigin, safeReturnTo } from './return-to.js';

// Validates what an admin sends for a connection (API, CLI or imported metadata); every rule
// says which field is wrong, because the admin fixes it by hand.

const MAX_CERTS = 5;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAPPED_FIELDS = ['email', 'firstName', 'lastName', 'displayName', 'groups', 'groupsDelimiter'] as const;

function invalid(message: string): RosterError {
  return new RosterError('invalid_input', message);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** The IdP's SSO URL: https, or http on a loopback host (an IdP running beside Roster in a test). */
export function assertSsoUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('ssoUrl must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw invalid('ssoUrl must use https');
  }
  return url.href;
}

function assertText(field: string, value: unknown, max = 1024): string {
  if (typeof value !== 'string' || !value.trim() || value.length > max)
    throw invalid(`${field} must be a non-empty string of at most ${max} characters`);
  return value.trim();
}

function assertBool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalid(`${field} must be true or false`);
  return value;
}

export function assertCerts(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CERTS) {
    throw invalid(`signingCerts must list 1 to ${MAX_CERTS} certificates`);
  }
  return [...new Set(value.map((c) => normalizeCertificate(String(c))))];
}

function assertProfile(value: unknown): AttributeProfileName {
  if (!ATTRIBUTE_PROFILE_NAMES.includes(value as AttributeProfileName)) {
    throw invalid(`profile must be one of ${ATTRIBUTE_PROFILE_NAMES.join(', ')}`);
  }
  return value as AttributeProfileName;
}

function assertBinding(value: unknown): SsoBinding {
  if (value !== 'redirect' && value !== 'post') throw invalid('ssoBinding must be redirect or post');
  return value;
}

export function assertMapping(value: unknown): AttributeMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('attributeMapping must be an object');
  const input = value as Record<string, unknown>;
  const out: AttributeMapping = {};
  for (const field of MAPPED_FIELDS)
    if (input[field] !== undefined) out[field] = assertText(`attributeMapping.${field}`, input[field], 512);
  if (input.groupsAre !== undefined && input.groupsAre !== 'names' && input.groupsAre !== 'ids')
    throw invalid('attributeMapping.groupsAre must be names or ids');
  if (input.groupsAre) out.groupsAre = input.groupsAre as 'names' | 'ids';
  if (input.extra !== undefined) out.extra = assertExtra(input.extra);
  return out;
}

function assertExtra(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('attributeMapping.extra must be an object');
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(value)) {
    if (!KEY.test(key))
      throw invalid(`attributeMapping.extra key "${key}" must be a letter followed by letters, digits or _`);
    out[key] = assertText(`attributeMapping.extra.${key}`, name, 512);
  }
  return out;
}

function assertAllowList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 50)
    throw invalid('returnToAllowList must be a list of at most 50 origins');
  return [
    ...new Set(
      value.map((entry) => {
        const origin = typeof entry === 'string' ? normalizeAllowedOrigin(entry) : undefined;
        if (!origin)
          throw invalid(
            `returnToAllowList entry ${JSON.stringify(entry)} must be an origin such as https://app.example.com`,
          );
        return origin;
      }),
    ),
  ];
}

/** Validates and normalizes every field that is present; absent fields stay absent. */
export function validateSettings(input: Record<string, unknown>): IdpConnectionSettings {
  const out: IdpConnectionSettings = {};
  if (input.idpEntityId !== undefined) out.idpEntityId = assertText('idpEntityId', input.idpEntityId);
  if (input.ssoUrl !== undefined) out.ssoUrl = assertSsoUrl(assertText('ssoUrl', input.ssoUrl, 2048));
  if (input.ssoBinding !== undefined) out.ssoBinding = assertBinding(input.ssoBinding);
  if (input.signingCerts !== undefined) out.signingCerts = assertCerts(input.signingCerts);
  if (input.profile !== undefined) out.profile = assertProfile(input.profile);
  if (input.attributeMapping !== undefined) out.attributeMapping = assertMapping(input.attributeMapping);
  if (input.allowIdpInitiated !== undefined)
    out.allowIdpInitiated = assertBool('allowIdpInitiated', input.allowIdpInitiated);
  if (input.allowSha1 !== undefined) out.allowSha1 = assertBool('allowSha1', input.allowSha1);
  if (input.returnToAllowList !== undefined) out.returnToAllowList = assertAllowList(input.returnToAllowList);
  if (input.defaultReturnTo !== undefined)
    out.defaultReturnTo = assertText('defaultReturnTo', input.defaultReturnTo, 2048);
  const unknown = Object.keys(input).filter((k) => !FIELDS.has(k));
  if (unknown.length) throw invalid(`unknown field(s): ${unknown.join(', ')}`);
  return out;
}

const FIELDS = new Set([
  'idpEntityId',
  'ssoUrl',
  'ssoBinding',
  'signingCerts',
  'profile',
  'attributeMapping',
  'allowIdpInitiated',
  'allowSha1',
  'returnToAllowList',
  'defaultReturnTo',
]);

/** The default returnTo must itself be a place a login may go. */
export function assertDefaultReturnTo(value: string, allowList: readonly string[]): string {
  const safe = safeReturnTo(value, allowList);
  if (!safe) throw invalid('defaultReturnTo must be a local path (/app) or a URL on returnToAllowList');
  return safe;
}
