import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { checkIssuer, checkSubjectConfirmation, readAssertion } from '../../../src/saml/acs/assertion-steps.js';
import type { AcsContext, AcsDeps } from '../../../src/saml/acs/context.js';
import { decodeResponse, parseResponse, readForm } from '../../../src/saml/acs/envelope-steps.js';
import { checkDestination, rejectWeakAlgorithms } from '../../../src/saml/acs/message-steps.js';
import { runAcs } from '../../../src/saml/acs/pipeline.js';
import { matchRequest } from '../../../src/saml/acs/request-steps.js';
import type { IdpConnectionDoc } from '../../../src/saml/index.js';
import { spEndpoints } from '../../../src/saml/service-provider.js';
import { parseXml } from '../../../src/sso/xml.js';
import { createTestIdp, decode, encode, type ResponseSpec } from '../../helpers/saml-idp.js';

// Each ACS step alone, on a context built by hand around samlify's responses.

const SP = spEndpoints('https://roster.test', 'acme');
const IDP = createTestIdp();
const CONNECTION = {
  _id: 'acme',
  tenantId: 'acme',
  idpEntityId: IDP.entityId,
  ssoUrl: IDP.ssoUrl,
  ssoBinding: 'redirect',
  signingCerts: [],
  profile: 'okta',
  attributeMapping: {},
  allowIdpInitiated: false,
  allowSha1: false,
  defaultReturnTo: '/',
  returnToAllowList: [],
  createdAt: '',
  updatedAt: '',
  version: 1,
} as IdpConnectionDoc;

const deps = {
  logger: pino({ level: 'silent' }),
  clockSkewSeconds: 60,
  maxResponseBytes: 64 * 1024,
  now: () => new Date(),
} as unknown as AcsDeps;

function context(overrides: Partial<AcsContext> = {}): AcsContext {
  return {
    request: { tenantId: 'acme', body: {}, query: {}, requestId: 'req-1' },
    connection: CONNECTION,
    sp: SP,
    ...overrides,
  };
}

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? 'plain error';
  }
}

/** A context as the signature step leaves it: the raw response and node-saml's profile of the assertion. */
async function verified(spec: Partial<ResponseSpec> = {}, connection = CONNECTION): Promise<AcsContext> {
  const xml = decode(
    await IDP.issue({
      acsUrl: SP.acsUrl,
      audience: SP.entityId,
      nameId: 'ada@acme.test',
      inResponseTo: '_req',
      ...spec,
    }),
  );
  const ctx = context({ connection, xml });
  parseResponse(ctx, deps);
  const assertionXml = /<saml:Assertion[\s\S]*<\/saml:Assertion>/
    .exec(xml)![0]
    .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
  ctx.profile = {
    issuer: IDP.entityId,
    nameID: spec.nameId ?? 'ada@acme.test',
    nameIDFormat: '',
    getAssertionXml: () => assertionXml,
  };
  return ctx;
}

describe('read-form', () => {
  it.each([
    ['a SAMLResponse in the query', { query: { SAMLResponse: 'x' }, body: { SAMLResponse: 'x' } }],
    ['two SAMLResponse values', { body: { SAMLResponse: ['x', 'y'] } }],
    ['no form', { body: undefined }],
    ['a SAMLRequest', { body: { SAMLRequest: 'x', SAMLResponse: 'y' } }],
  ])('refuses %s', async (_what, request) => {
    const ctx = context({
      request: { tenantId: 'acme', query: {}, requestId: 'r', ...request } as AcsContext['request'],
    });
    expect(await codeOf(() => readForm(ctx, deps))).toBe('saml_invalid_response');
  });
});

describe('decode-response and parse-response', () => {
  it('accepts line-wrapped base64 and refuses what is not base64 or too large', async () => {
    const wrapped = encode('<x/>').replace(/(.{2})/g, '$1\r\n');
    const ok = context({ samlResponse: wrapped });
    decodeResponse(ok, deps);
    expect(ok.xml).toBe('<x/>');
    expect(await codeOf(() => decodeResponse(context({ samlResponse: 'ab$d' }), deps))).toBe('saml_invalid_response');
    expect(await codeOf(() => decodeResponse(context({ samlResponse: encode('x'.repeat(70_000)) }), deps))).toBe(
      'saml_response_too_large',
    );
  });

  it('refuses a DOCTYPE before parsing, and a root that is not a samlp:Response', async () => {
    expect(await codeOf(() => parseResponse(context({ xml: '<!DOCTYPE x><x/>' }), deps))).toBe('saml_forbidden_xml');
    expect(await codeOf(() => parseResponse(context({ xml: '<Response/>' }), deps))).toBe('saml_invalid_response');
  });
});

describe('reject-weak-algorithms', () => {
  it('refuses SHA-1 unless the connection allows it, and any algorithm it does not know', async () => {
    const sha1 = await verified();
    sha1.response = parseXml(
      sha1.xml!.replace(
        'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      ),
    ).documentElement;
    expect(await codeOf(() => rejectWeakAlgorithms(sha1, deps))).toBe('saml_weak_algorithm');
    expect(
      await codeOf(() => rejectWeakAlgorithms({ ...sha1, connection: { ...CONNECTION, allowSha1: true } }, deps)),
    ).toBeUndefined();
    const md5 = await verified();
    md5.response = parseXml(md5.xml!.replace('xmlenc#sha256', 'xmldsig-more#md5')).documentElement;
    expect(await codeOf(() => rejectWeakAlgorithms(md5, deps))).toBe('saml_weak_algorithm');
  });
});

describe('check-destination', () => {
  it("wants exactly this tenant's ACS URL", async () => {
    expect(await codeOf(async () => checkDestination(await verified(), deps))).toBeUndefined();
    expect(await codeOf(async () => checkDestination(await verified({ destination: `${SP.acsUrl}/` }), deps))).toBe(
      'saml_wrong_destination',
    );
  });
});

describe('read-assertion, check-issuer, check-subject-confirmation', () => {
  it('reads ID, Issuer, NameID, SessionIndex and the InResponseTo of the bearer confirmation', async () => {
    const ctx = await verified({ assertionId: '_a-1' });
    readAssertion(ctx, deps);
    checkIssuer(ctx, deps);
    checkSubjectConfirmation(ctx, deps);
    expect(ctx.assertion).toMatchObject({
      id: '_a-1',
      issuer: IDP.entityId,
      nameId: 'ada@acme.test',
      inResponseTo: '_req',
    });
    expect(ctx.assertion!.sessionIndex).toMatch(/^_session/);
  });

  it('refuses a NameID that node-saml read differently', async () => {
    const ctx = await verified();
    ctx.profile!.nameID = 'ada@acme.test.evil';
    expect(await codeOf(() => readAssertion(ctx, deps))).toBe('saml_invalid_response');
  });

  it('refuses a Recipient of another tenant and an expired bearer confirmation', async () => {
    const other = await verified({ recipient: spEndpoints('https://roster.test', 'globex').acsUrl });
    readAssertion(other, deps);
    expect(await codeOf(() => checkSubjectConfirmation(other, deps))).toBe('saml_wrong_recipient');
    const late = await verified({ subjectNotOnOrAfter: new Date(Date.now() - 120_000) });
    readAssertion(late, deps);
    expect(await codeOf(() => checkSubjectConfirmation(late, deps))).toBe('saml_expired');
  });

  it('refuses an assertion from another issuer', async () => {
    const ctx = await verified({ issuer: 'https://other.example' });
    ctx.profile!.issuer = 'https://other.example';
    readAssertion(ctx, deps);
    expect(await codeOf(() => checkIssuer(ctx, deps))).toBe('saml_wrong_issuer');
  });
});

describe('match-request (without Redis: the IdP-initiated branches)', () => {
  async function unsolicited(connection: IdpConnectionDoc) {
    const ctx = await verified({ inResponseTo: undefined }, connection);
    readAssertion(ctx, deps);
    checkSubjectConfirmation(ctx, deps);
    return ctx;
  }

  it('refuses an unsolicited response unless the tenant allows IdP-initiated login', async () => {
    expect(await codeOf(async () => matchRequest(await unsolicited(CONNECTION), deps))).toBe(
      'saml_unsolicited_response',
    );
    expect(
      await codeOf(async () => matchRequest(await unsolicited({ ...CONNECTION, allowIdpInitiated: true }), deps)),
    ).toBeUndefined();
  });

  it('refuses an InResponseTo found only on the unsigned Response', async () => {
    const ctx = await unsolicited({ ...CONNECTION, allowIdpInitiated: true });
    ctx.response!.setAttribute('InResponseTo', '_req');
    expect(await codeOf(() => matchRequest(ctx, deps))).toBe('saml_unknown_request');
  });
});

describe('runAcs', () => {
  const logged: Array<Record<string, unknown>> = [];
  const recording = {
    ...deps,
    logger: {
      warn: (o: Record<string, unknown>) => logged.push(o),
      error: (o: Record<string, unknown>) => logged.push(o),
    },
  } as unknown as AcsDeps;

  it('turns a plain error of an input step into a 400 and names the step', async () => {
    const ctx = context({ connection: undefined });
    const error = await runAcs(ctx, recording, [
      {
        name: 'explode',
        input: true,
        step: () => {
          throw new TypeError('x is undefined');
        },
      },
    ]).catch((e) => e);
    expect(error).toMatchObject({ code: 'saml_invalid_response', status: 400 });
    expect(logged.at(-1)).toMatchObject({ step: 'explode', code: 'saml_invalid_response' });
  });

  it('keeps a plain error of any other step a 500', async () => {
    const error = await runAcs(context({ connection: undefined }), recording, [
      {
        name: 'store',
        step: () => {
          throw new Error('disk full');
        },
      },
    ]).catch((e) => e);
    expect(error).toMatchObject({ code: 'internal', status: 500, expose: false });
  });

  it('runs the steps in table order and stops at the first failure', async () => {
    const seen: string[] = [];
    const step = (name: string, fail = false) => ({
      name,
      step: () => {
        seen.push(name);
        if (fail) throw new Error(name);
      },
    });
    const run = runAcs(context({ connection: undefined }), recording, [step('a'), step('b', true), step('c')]);
    await expect(run).rejects.toMatchObject({ code: 'internal', status: 500 });
    expect(seen).toEqual(['a', 'b']);
    expect(logged.at(-1)).toMatchObject({ step: 'b' });
  });
});
