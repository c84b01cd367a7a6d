import { RosterError } from '../../errors/index.js';
import { attr, child, children, isElement, NS, parseXml, text } from '../../sso/index.js';
import { need, type AcsStep, type AcsContext, type VerifiedAssertion } from './context.js';

// Checks on the assertion, made on the XML the signature covers (node-saml hands back exactly
// those bytes), so nothing an attacker wrapped around or beside it can be read here.

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
/** SAML core §1.3.3: times are UTC, written with a trailing Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const MAX_NAMEID = 512;

const invalid = (message: string) => new RosterError('saml_invalid_response', message);

function instant(value: string | undefined, what: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!INSTANT.test(value)) throw invalid(`${what} is not a UTC time`);
  return new Date(value);
}

function subjectOf(assertion: Element): Element {
  const subject = child(assertion, NS.assertion, 'Subject');
  if (!subject) throw new RosterError('saml_missing_identity', 'the assertion has no Subject');
  return subject;
}

/**
 * The NameID, read with a DOM (comments contribute no text) and compared with node-saml's own
 * reading, so a parser difference (a comment splitting "victim@x.com<!---->.evil") cannot choose
 * who logs in.
 */
function nameIdOf(ctx: AcsContext, subject: Element): { nameId: string; nameIdFormat?: string } {
  const element = child(subject, NS.assertion, 'NameID');
  const nameId = text(element);
  if (!element || !nameId || nameId.length > MAX_NAMEID)
    throw new RosterError('saml_missing_identity', 'the assertion has no usable NameID');
  if (nameId !== need(ctx.profile, 'profile').nameID?.trim())
    throw invalid('the NameID reads differently to two XML parsers');
  return { nameId, nameIdFormat: attr(element, 'Format') };
}

export const readAssertion: AcsStep = (ctx) => {
  const xml = need(ctx.profile, 'profile').getAssertionXml?.();
  const element = xml ? parseXml(xml).documentElement : undefined;
  if (!isElement(element, NS.assertion, 'Assertion')) throw invalid('no signed assertion');
  const id = attr(element, 'ID');
  const issuer = text(child(element, NS.assertion, 'Issuer'));
  if (!id || !issuer) throw invalid('the assertion has no ID or no Issuer');
  // SAML profiles §4.1.4.2: the assertion used for SSO carries an AuthnStatement.
  const authn = child(element, NS.assertion, 'AuthnStatement');
  if (!authn) throw invalid('the assertion has no AuthnStatement');
  const conditionsEnd = instant(
    attr(child(element, NS.assertion, 'Conditions'), 'NotOnOrAfter'),
    'Conditions NotOnOrAfter',
  );
  ctx.assertion = {
    element,
    id,
    issuer,
    ...nameIdOf(ctx, subjectOf(element)),
    sessionIndex: attr(authn, 'SessionIndex'),
    validUntil: conditionsEnd ?? new Date(0),
  };
};

/** SAML profiles §4.1.4.2: the assertion's Issuer (and the Response's, when present) is the IdP. */
export const checkIssuer: AcsStep = (ctx) => {
  const expected = need(ctx.connection, 'connection').idpEntityId;
  const assertion = need(ctx.assertion, 'assertion');
  if (assertion.issuer !== expected)
    throw new RosterError('saml_wrong_issuer', `assertion Issuer ${assertion.issuer} is not ${expected}`);
  const responseIssuer = text(child(need(ctx.response, 'response'), NS.assertion, 'Issuer'));
  if (responseIssuer !== undefined && responseIssuer !== expected) {
    throw new RosterError('saml_wrong_issuer', `response Issuer ${responseIssuer} is not ${expected}`);
  }
};

interface Confirmation {
  recipient?: string;
  notBefore?: string;
  notOnOrAfter?: Date;
  inResponseTo?: string;
}

function bearerConfirmations(assertion: VerifiedAssertion): Confirmation[] {
  return children(subjectOf(assertion.element), NS.assertion, 'SubjectConfirmation')
    .filter((sc) => attr(sc, 'Method') === BEARER)
    .map((sc) => child(sc, NS.assertion, 'SubjectConfirmationData'))
    .filter((data): data is Element => !!data)
    .map((data) => ({
      recipient: attr(data, 'Recipient'),
      notBefore: attr(data, 'NotBefore'),
      notOnOrAfter: instant(attr(data, 'NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter'),
      inResponseTo: attr(data, 'InResponseTo'),
    }));
}

/**
 * SAML profiles §4.1.4.2 and §4.1.4.3: a bearer SubjectConfirmationData whose Recipient is this
 * tenant's ACS URL, with a NotOnOrAfter still in the future and no NotBefore. node-saml checks
 * none of this unless it also validates InResponseTo, which Roster does itself (match-request).
 */
export const checkSubjectConfirmation: AcsStep = (ctx, deps) => {
  const assertion = need(ctx.assertion, 'assertion');
  const acsUrl = need(ctx.sp, 'sp').acsUrl;
  const all = bearerConfirmations(assertion);
  const forUs = all.filter((c) => c.recipient === acsUrl && c.notBefore === undefined);
  if (forUs.length === 0) {
    throw new RosterError(
      'saml_wrong_recipient',
      `no bearer SubjectConfirmationData names Recipient ${acsUrl} without a NotBefore (found ${all.length})`,
    );
  }
  const now = deps.now().getTime() - deps.clockSkewSeconds * 1000;
  const live = forUs.find((c) => c.notOnOrAfter && c.notOnOrAfter.getTime() > now);
  if (!live) throw new RosterError('saml_expired', 'the SubjectConfirmationData NotOnOrAfter has passed or is missing');
  const latest = Math.max(assertion.validUntil.getTime(), live.notOnOrAfter!.getTime());
  ctx.assertion = { ...assertion, validUntil: new Date(latest), inResponseTo: live.inResponseTo };
};
