import { describe, expect, it } from 'vitest';
import { claimsFrom } from '../../../src/saml/claims.js';
import { CLAIM_URIS } from '../../../src/saml/index.js';

const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

describe('claimsFrom', () => {
  it('okta: names its attributes plainly and sends group names', () => {
    const claims = claimsFrom({
      nameId: 'ada@acme.test',
      nameIdFormat: EMAIL,
      profile: 'okta',
      mapping: {},
      attributes: { email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace', groups: ['A', 'B'] },
    });
    expect(claims).toEqual({
      nameId: 'ada@acme.test',
      nameIdFormat: EMAIL,
      email: 'ada@acme.test',
      firstName: 'Ada',
      lastName: 'Lovelace',
      displayName: 'Ada Lovelace',
      groups: { kind: 'names', values: ['A', 'B'] },
      attributes: {},
    });
  });

  it('entra: claim URIs, group object ids, and the overage link', () => {
    const base = { nameId: 'x', nameIdFormat: PERSISTENT, profile: 'entra' as const, mapping: {} };
    expect(
      claimsFrom({ ...base, attributes: { [CLAIM_URIS.email]: 'g@acme.test', [CLAIM_URIS.entraGroups]: 'id-1' } }),
    ).toMatchObject({ email: 'g@acme.test', groups: { kind: 'ids', values: ['id-1'] } });
    expect(
      claimsFrom({ ...base, attributes: { [CLAIM_URIS.entraGroupsLink]: 'https://graph.microsoft.com/x' } }).groups,
    ).toEqual({ kind: 'overage' });
  });

  it('onelogin: splits a semicolon-separated memberOf', () => {
    expect(
      claimsFrom({ nameId: 'a@b.c', profile: 'onelogin', mapping: {}, attributes: { memberOf: 'A; B;;C' } }).groups,
    ).toEqual({ kind: 'names', values: ['A', 'B', 'C'] });
  });

  it("custom: uses the tenant's names and keeps mapped extra attributes only", () => {
    const claims = claimsFrom({
      nameId: 'u1',
      nameIdFormat: PERSISTENT,
      profile: 'custom',
      mapping: { email: 'mail', groups: 'teams', groupsAre: 'ids', extra: { department: 'dept' } },
      attributes: { mail: 'k@acme.test', teams: ['t1'], dept: 'R&D', other: 'x' },
    });
    expect(claims).toMatchObject({
      email: 'k@acme.test',
      groups: { kind: 'ids', values: ['t1'] },
      attributes: { department: 'R&D' },
    });
  });

  it('takes the email from an email-shaped NameID only when no attribute gives one', () => {
    expect(
      claimsFrom({ nameId: 'ada@acme.test', nameIdFormat: EMAIL, profile: 'custom', mapping: {}, attributes: {} })
        .email,
    ).toBe('ada@acme.test');
    expect(
      claimsFrom({ nameId: 'ada@acme.test', nameIdFormat: PERSISTENT, profile: 'custom', mapping: {}, attributes: {} })
        .email,
    ).toBeUndefined();
    expect(
      claimsFrom({ nameId: 'not-an-email', nameIdFormat: EMAIL, profile: 'custom', mapping: {}, attributes: {} }).email,
    ).toBeUndefined();
  });

  it('ignores complex attribute values and attributes named like object internals', () => {
    const attributes = JSON.parse('{"__proto__": {"polluted": true}, "groups": [{"NameID": "x"}, "G"]}');
    const claims = claimsFrom({
      nameId: 'a@b.c',
      profile: 'okta',
      mapping: { extra: { proto: '__proto__' } },
      attributes,
    });
    expect(claims.groups).toEqual({ kind: 'names', values: ['G'] });
    expect(claims.attributes).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
