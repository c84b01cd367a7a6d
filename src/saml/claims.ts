import type { SamlGroupClaim, SamlLoginClaims } from '../sso/index.js';
import {
  effectiveProfile,
  type AttributeMapping,
  type AttributeProfile,
  type AttributeProfileName,
} from '../sso/index.js';

// Turns the attributes of a verified assertion into the directory's login claims, through the
// tenant's attribute profile. Only string values count; complex values (an <AttributeValue> with
// child elements) are ignored rather than guessed at.

export type Attributes = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const MAX_VALUE = 1024;

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v && v.length <= MAX_VALUE);
}

/** The first of `names` the assertion carries, with its string values. */
function pick(attributes: Attributes, names: readonly string[]): string[] | undefined {
  for (const name of names) {
    if (Object.hasOwn(attributes, name)) return strings(attributes[name]);
  }
  return undefined;
}

const first = (attributes: Attributes, names: readonly string[]) => pick(attributes, names)?.[0];

function email(attributes: Attributes, profile: AttributeProfile, nameId: string, format?: string): string | undefined {
  const value = first(attributes, profile.email);
  if (value && EMAIL.test(value)) return value;
  // SAML core §8.3.2: an emailAddress NameID is an email; an unspecified one may be.
  if ((format === EMAIL_FORMAT || format === UNSPECIFIED_FORMAT || !format) && EMAIL.test(nameId)) return nameId;
  return undefined;
}

function groups(attributes: Attributes, profile: AttributeProfile): SamlGroupClaim {
  const values = pick(attributes, profile.groups);
  if (values === undefined && profile.groupsOverage && pick(attributes, profile.groupsOverage)?.length)
    return { kind: 'overage' };
  const split = profile.groupsDelimiter
    ? (values ?? []).flatMap((v) => v.split(profile.groupsDelimiter!))
    : (values ?? []);
  return { kind: profile.groupsAre, values: split.map((v) => v.trim()).filter(Boolean) };
}

function extra(attributes: Attributes, mapping: Record<string, string> = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, name] of Object.entries(mapping)) {
    const values = pick(attributes, [name]);
    if (values?.length) out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

export interface ClaimsInput {
  nameId: string;
  nameIdFormat?: string;
  attributes: Attributes;
  profile: AttributeProfileName;
  mapping: AttributeMapping;
}

export function claimsFrom(input: ClaimsInput): SamlLoginClaims {
  const profile = effectiveProfile(input.profile, input.mapping);
  const { attributes } = input;
  const claims: SamlLoginClaims = {
    nameId: input.nameId,
    groups: groups(attributes, profile),
    attributes: extra(attributes, input.mapping.extra),
  };
  if (input.nameIdFormat) claims.nameIdFormat = input.nameIdFormat;
  const mail = email(attributes, profile, input.nameId, input.nameIdFormat);
  if (mail) claims.email = mail;
  const firstName = first(attributes, profile.firstName);
  const lastName = first(attributes, profile.lastName);
  const displayName =
    first(attributes, profile.displayName) ?? ([firstName, lastName].filter(Boolean).join(' ') || undefined);
  if (firstName) claims.firstName = firstName;
  if (lastName) claims.lastName = lastName;
  if (displayName) claims.displayName = displayName;
  return claims;
}
